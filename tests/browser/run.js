// Journeys through the public portal of the demo in real headless Chromium (Debian's
// /usr/bin/chromium — no browser is downloaded), each page in the default, elder and
// Traditional presentations. axe-core must report no WCAG 2.1 A/AA violation. Screenshots go
// to target/browser-screenshots/ for inspection. Usage: BASE=http://127.0.0.1:18090 node run.js
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.env.BASE || 'http://127.0.0.1:18090';
const shots = path.join(__dirname, '..', '..', 'target', 'browser-screenshots');
fs.mkdirSync(shots, { recursive: true });
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const modes = [['default', ''], ['elder', 'elder=1'], ['trad', 'trad=1']];
let passed = 0;
let failed = 0;

function withMode(url, query) {
  if (!query) return url;
  return url + (url.includes('?') ? '&' : '?') + query;
}

async function check(page, name, url, expectText) {
  for (const [mode, query] of modes) {
    const label = `${name} [${mode}]`;
    try {
      const res = await page.goto(withMode(base + url, query));
      if (!res || res.status() !== 200) throw new Error(`HTTP ${res && res.status()}`);
      const text = await page.textContent('body');
      if (expectText && mode !== 'trad' && !text.includes(expectText)) throw new Error(`missing text ${expectText}`);
      if (mode === 'trad' && (await page.getAttribute('html', 'lang')) !== 'zh-Hant') throw new Error('not Traditional');
      if (mode === 'elder' && !(await page.getAttribute('html', 'class')).includes('elder')) throw new Error('not elder mode');
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
      await page.screenshot({ path: path.join(shots, `${name}-${mode}.png`), fullPage: true });
      if (result.violations.length > 0) {
        for (const v of result.violations) console.log(`  ${label}: ${v.id} (${v.impact}) ${v.nodes[0].html.slice(0, 160)}`);
        throw new Error(`${result.violations.length} axe violations`);
      }
      passed += 1;
      console.log(`ok   ${label}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${label}: ${e.message}`);
    }
  }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The portal's strict CSP forbids injected scripts; axe is injected by the test only.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await check(page, 'home', '/', '站群导航');
  await check(page, 'column', '/sites/mzj/zwgk/fdzdgknr/', '法定主动公开内容');
  // The document page is reached as a reader would: the first link of the column.
  await page.goto(base + '/sites/mzj/zwgk/fdzdgknr/');
  const href = await page.getAttribute('.doc-list a', 'href');
  await check(page, 'document', href, '索引号');
  await check(page, 'catalogue', '/gk/mulu/', '法定主动公开内容');
  await check(page, 'guide', '/sites/mzj/gk/zhinan/', '政府信息公开指南');
  await check(page, 'deadline', '/tools/deadline?received_on=2026-09-28&today=2026-10-09', '计算结果');
  // On a phone.
  await page.setViewportSize({ width: 360, height: 740 });
  await check(page, 'document-phone', href, '索引号');
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((e) => {
  console.log(`browser tests crashed: ${e.stack}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
