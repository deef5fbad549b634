// `npm run storybook`: the reference server with the sample study on port 8043 (CORS open to loopback pages),
// then Storybook's dev server; stopping one stops both.
import { spawn } from 'node:child_process';

const server = spawn(process.execPath, ['dist/server/cli.js', 'serve', '--sample', '--data', '.data/storybook', '--port', '8043', '--cors', '*'], {
  stdio: 'inherit',
});
const storybook = spawn('npx', ['storybook', 'dev', '--port', process.env.STORYBOOK_PORT ?? '6006', '--no-open', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
});
const stop = () => {
  server.kill('SIGTERM');
  storybook.kill('SIGTERM');
};
for (const child of [server, storybook]) child.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
