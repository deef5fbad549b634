// The server benchmark's statistics are the one bench statistics module's.
export { median, percentile, spreadOf, rateSpread, formatNumber, formatSpread, type Spread } from '../stats.js';
