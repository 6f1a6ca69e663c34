// Empties dist/ before a build, so no module of an older build (dist/errors.js, from before
// errors/ became a folder) shadows the new one. dist/ui/ stays: the dashboard's tests build and
// serve it while another test may run `npm start`, and its bundle is rewritten whole anyway.
// Plain JavaScript: it runs before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
for (const entry of fs.existsSync(dist) ? fs.readdirSync(dist) : []) {
  if (entry !== 'ui') fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
}
