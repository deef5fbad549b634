// The viewer benchmark's statistics are the one bench statistics module's (`stats` is its `spreadOf`).
export { spreadOf as stats, ratioText, type Spread as Stats } from '../stats.js';
