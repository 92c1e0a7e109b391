// Journeys through the public portal and the staff console of the demo in real headless
// Chromium (Debian's /usr/bin/chromium — no browser is downloaded), each portal page in the
// default, elder and Traditional presentations. axe-core must report no WCAG 2.1 A/AA violation. Screenshots go
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

// Counts one named check: `ok   name`, or `FAIL name: reason`.
async function step(label, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${label}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${label}: ${e.message}`);
  }
}

// Runs axe on the page as it is (WCAG 2.1 A/AA), saves a screenshot, and throws on any violation.
async function audit(page, label, shot) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  await page.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
  if (result.violations.length > 0) {
    for (const v of result.violations) console.log(`  ${label}: ${v.id} (${v.impact}) ${v.nodes[0].html.slice(0, 160)}`);
    throw new Error(`${result.violations.length} axe violations`);
  }
}

async function check(page, name, url, expectText, status = 200) {
  for (const [mode, query] of modes) {
    const label = `${name} [${mode}]`;
    await step(label, async () => {
      const res = await page.goto(withMode(base + url, query));
      if (!res || res.status() !== status) throw new Error(`HTTP ${res && res.status()}`);
      const text = await page.textContent('body');
      if (expectText && mode !== 'trad' && !text.includes(expectText)) throw new Error(`missing text ${expectText}`);
      if (mode === 'trad' && (await page.getAttribute('html', 'lang')) !== 'zh-Hant') throw new Error('not Traditional');
      if (mode === 'elder' && !(await page.getAttribute('html', 'class')).includes('elder')) throw new Error('not elder mode');
      // On a phone nothing may scroll sideways (issue 16): the page is no wider than the screen.
      const { scroll, inner } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      if (inner <= 600 && scroll > inner) throw new Error(`scrolls sideways: ${scroll} > ${inner} px`);
      await audit(page, label, `${name}-${mode}`);
    });
  }
}

// The computed size of the first element matching each selector, in px: font size and line height.
async function sizes(page, selectors) {
  return page.evaluate((sels) => Object.fromEntries(sels.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return [sel, null];
    const cs = getComputedStyle(el);
    const line = cs.lineHeight === 'normal' ? 1.2 * parseFloat(cs.fontSize) : parseFloat(cs.lineHeight);
    return [sel, { font: parseFloat(cs.fontSize), line, select: el.tagName === 'SELECT' }];
  })), selectors);
}

// 长者模式 enlarges everything (MIIT 适老化 rules): body text, table cells, headings and form
// controls at least 1.5 times their default size, line height at least 1.3.
async function elderSizes(page, documentUrl, formUrl) {
  for (const [url, selectors] of [
    [documentUrl, ['.body p', 'table.meta td', 'table.meta th', 'h1', '.site-search input', 'main a']],
    [formUrl, ['main p', 'h1', 'label', '#f-name', '#f-kind', '#f-description', 'button[type=submit]', 'legend']],
    ['/gk/mulu/', ['.catalogue-list td', '.catalogue-list th', '.facet h2', 'h1']],
  ]) {
    await step(`elder sizes ${url.split('?')[0]}`, async () => {
      await page.goto(base + url);
      const normal = await sizes(page, selectors);
      await page.goto(withMode(base + url, 'elder=1'));
      const elder = await sizes(page, selectors);
      await page.goto(withMode(base + url, 'elder=0'));
      for (const sel of selectors) {
        if (!normal[sel] || !elder[sel]) throw new Error(`no ${sel}`);
        const ratio = elder[sel].font / normal[sel].font;
        if (ratio < 1.499) throw new Error(`${sel}: ${normal[sel].font} px → ${elder[sel].font} px (×${ratio.toFixed(2)})`);
        // A closed <select> is one line drawn by the browser, which ignores its line height.
        if (!elder[sel].select && elder[sel].line / elder[sel].font < 1.3) throw new Error(`${sel}: line height ${elder[sel].line} px at ${elder[sel].font} px`);
      }
    });
  }
}

// The catalogue on a wide screen: facets beside the results, titles given the width, dates on one
// line; the pager has page numbers and the total, and its links open the pages they name.
async function catalogueOnDesktop(page) {
  await step('catalogue desktop layout and pager', async () => {
    await page.goto(base + '/gk/mulu/');
    const layout = await page.evaluate(() => {
      const facets = document.querySelector('.facets').getBoundingClientRect();
      const results = document.querySelector('.results').getBoundingClientRect();
      const title = document.querySelector('.catalogue-list td.c-title').getBoundingClientRect();
      const dates = [...document.querySelectorAll('.catalogue-list td.c-date time')].map((d) => d.getBoundingClientRect().height);
      const line = parseFloat(getComputedStyle(document.querySelector('.catalogue-list td.c-date')).lineHeight);
      return { facetsVisible: facets.height > 100 && facets.right <= results.left, titleShare: title.width / results.width, tallestDate: Math.max(...dates), line };
    });
    if (!layout.facetsVisible) throw new Error('facets not beside the results');
    if (layout.titleShare < 0.45) throw new Error(`title column is ${Math.round(layout.titleShare * 100)} % of the results`);
    if (layout.tallestDate > layout.line * 1.5) throw new Error(`a 发布日期 wraps (${layout.tallestDate} px)`);
    const total = await page.textContent('.pager-total');
    if (!/共 \d+ 条，第 1\/\d+ 页/.test(total)) throw new Error(`pager total: ${total}`);
    await page.click('.pager .pages a:text-is("2")');
    await page.waitForLoadState();
    if (!(await page.textContent('.pager-total')).includes('第 2/')) throw new Error('page 2 not opened');
    const firstOnTwo = await page.textContent('.catalogue-list td.c-title a');
    await page.click('.pager a[rel=prev]');
    await page.waitForLoadState();
    if (!(await page.textContent('.pager-total')).includes('第 1/')) throw new Error('上一页 did not go to page 1');
    const lastPage = await page.getAttribute('.pager .pages li:last-child a', 'href');
    await page.goto(base + lastPage);
    const lastText = await page.textContent('.pager-total');
    const [, n, m] = lastText.match(/第 (\d+)\/(\d+) 页/) || [];
    if (!n || n !== m) throw new Error(`last page link opened ${lastText}`);
    if (await page.$('.pager a[rel=next]')) throw new Error('下一页 on the last page');
    if ((await page.textContent('main')).includes(firstOnTwo) && n !== '2') throw new Error('last page repeats page 2');
  });
}

// The catalogue on a phone: the facets fold under 筛选 and the results come first, each a title
// with its date and 文号 below.
async function catalogueOnPhone(page) {
  await step('catalogue phone layout', async () => {
    await page.goto(base + '/gk/mulu/');
    const first = await page.evaluate(() => {
      const row = document.querySelector('.catalogue-list tbody tr');
      const title = row.querySelector('.c-title').getBoundingClientRect();
      const date = row.querySelector('.c-date').getBoundingClientRect();
      return { top: row.getBoundingClientRect().top + window.scrollY, titleWidth: title.width, dateBelow: date.top >= title.bottom - 1 };
    });
    if (first.top > 700) throw new Error(`the first result starts ${Math.round(first.top)} px down`);
    if (first.titleWidth < 300) throw new Error(`title ${first.titleWidth} px wide`);
    if (!first.dateBelow) throw new Error('date not below the title');
    if (await page.isVisible('.facet')) throw new Error('facets shown before 筛选 is opened');
    await page.click('.filters > summary');
    if (!(await page.isVisible('.facet'))) throw new Error('筛选 does not open the facets');
  });
}

// A resident ID number with its GB 11643 check character: the 17 digits weighted by 2^(17-i)
// mod 11, the sum mod 11 indexing "10X98765432".
function residentId(first17) {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (2 ** (17 - i) % 11), 0);
  return first17 + '10X98765432'[sum % 11];
}

// Clicks the form's button and waits for the page the POST answers; returns its response.
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.locator('main form').getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  if (res.status() !== 200) {
    const errors = await page.locator('.error-message').allTextContents();
    throw new Error(`HTTP ${res.status()} ${errors.join(' ').replace(/\s+/g, ' ').trim()}`);
  }
  return res;
}

// 依申请公开 as an applicant does it: fill the form of an agency, keep the receipt's query code and
// secret, then follow the application with them. The lookup shows the status and the
// description, never the ID number, the phone or the full name (it is masked). POST results only
// in the default presentation.
async function applyJourney(page, formUrl) {
  const applicant = {
    name: '张三',
    id: residentId('11010519491231002'),
    phone: '13800138000',
    description: `2025年本市老旧小区改造项目清单及资金安排（浏览器测试 ${Date.now()}）`,
  };
  let receipt = null;
  await step('apply-receipt [default]', async () => {
    await page.goto(base + formUrl);
    await page.getByLabel('申请人类型').selectOption({ label: '自然人' });
    await page.getByLabel('姓名或名称').fill(applicant.name);
    await page.getByLabel('身份证件名称').selectOption({ label: '居民身份证' });
    await page.getByLabel('证件号码').fill(applicant.id);
    await page.getByLabel('联系电话').fill(applicant.phone);
    await page.getByLabel('所需政府信息的名称').fill(applicant.description);
    await page.getByLabel('本人承诺').check();
    await submit(page, '提交申请');
    if (!(await page.textContent('h1')).includes('申请回执')) throw new Error('not the receipt');
    const code = (await page.textContent('#query-code')).trim();
    const secret = (await page.textContent('#query-secret')).trim();
    if (!code || !secret) throw new Error('receipt without query code or secret');
    receipt = { code, secret };
    await audit(page, 'apply-receipt [default]', 'apply-receipt-default');
  });
  await step('apply-status [default]', async () => {
    if (!receipt) throw new Error('no receipt to look up');
    await page.goto(base + '/ysqgk/chaxun');
    await page.getByLabel('查询码').fill(receipt.code);
    await page.getByLabel('查询密码').fill(receipt.secret);
    await submit(page, '查询');
    const text = await page.textContent('main');
    const status = (await page.textContent('#status-label')).trim();
    if (!status.startsWith('待受理')) throw new Error(`status ${status}, expected 待受理`);
    for (const shown of [receipt.code, applicant.description, '待机关确认受理']) {
      if (!text.includes(shown)) throw new Error(`missing text ${shown}`);
    }
    const html = await page.content();
    for (const [what, value] of [['ID number', applicant.id], ['phone', applicant.phone], ['full name', applicant.name]]) {
      if (html.includes(value)) throw new Error(`page shows the applicant's ${what}`);
    }
    await audit(page, 'apply-status [default]', 'apply-status-default');
  });
}

// Logs in through the console's form (a fresh context: its own cookies).
async function staffPage(browser, username) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(base + '/console/login');
  await page.fill('#username', username);
  await page.fill('#password', 'Demo2026gk');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  return page;
}

// The staff side of 依申请公开: the handler accepts the application the public journey submitted,
// the case page, its reply letter's print view, reminders, the year view; the administrators'
// letter settings and calendar. Each page in axe.
async function consoleJourney(browser) {
  const handler = await staffPage(browser, 'mzj-handler');
  const visit = async (page, name, url, expectText) => step(name, async () => {
    const res = await page.goto(base + url);
    if (!res || res.status() !== 200) throw new Error(`HTTP ${res && res.status()}`);
    if (!(await page.textContent('body')).includes(expectText)) throw new Error(`missing text ${expectText}`);
    await audit(page, name, name);
  });
  await visit(handler, 'console-worklist', '/console/applications', '依申请公开');
  // The demo's cases are in progress; the one the public journey submitted awaits acceptance.
  await visit(handler, 'console-worklist-submitted', '/console/applications?show=submitted', '待受理');
  const caseUrl = await handler.getAttribute('main table.list a[href^="/console/applications/"]', 'href');
  await visit(handler, 'console-case', caseUrl, '受理机关');
  await step('console-accept-and-reply', async () => {
    await Promise.all([handler.waitForNavigation(), handler.click('#action-accept button[type=submit]')]);
    await handler.selectOption('#close-ground', 'provided');
    await Promise.all([handler.waitForNavigation(), handler.click('#action-close button[type=submit]')]);
    if (!(await handler.textContent('#letters-h'))) throw new Error('no letters section');
  });
  const letterUrl = await handler.getAttribute('#letters-h + table a', 'href');
  await visit(handler, 'console-letter', letterUrl, '政府信息公开申请答复书');
  await visit(handler, 'console-reminders', '/console/reminders', '办理提醒');
  await visit(handler, 'console-year', '/console/applications/year', '收到和处理政府信息公开申请情况');
  const admin = await staffPage(browser, 'mzj-admin');
  await visit(admin, 'console-letter-settings', '/console/letters', '文书设置');
  // The demo's reports of past years are published; this year's is still being written.
  const thisYear = new Date().getFullYear();
  await visit(admin, 'console-report', `/console/reports?year=${thisYear}`, '报告预览');
  await step('console-report-save', async () => {
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/text"] button[type=submit]')]);
    if (!(await admin.textContent('main')).includes('编辑中')) throw new Error('report not saved');
  });
  const printUrl = await admin.getAttribute('a:text-is("打印版")', 'href');
  await visit(admin, 'console-report-print', printUrl, '六、其他需要报告的事项');
  // The report's own XLSX export imported back as tables made elsewhere, then the import undone.
  await step('console-report-import', async () => {
    await admin.goto(base + `/console/reports?year=${thisYear}`);
    const editorUrl = admin.url();
    const xlsxUrl = await admin.getAttribute('a:text-is("表格（XLSX）")', 'href');
    const res = await admin.request.get(new URL(xlsxUrl, base).href);
    const file = path.join(shots, 'report-import.xlsx');
    fs.writeFileSync(file, await res.body());
    await admin.goto(editorUrl);
    await admin.setInputFiles('#file', file);
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/import"] button[type=submit]')]);
    if (!(await admin.textContent('main')).includes('导入的报告表格')) throw new Error('not imported');
    await audit(admin, 'console-report-import', 'console-report-import');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/import/remove"] button[type=submit]')]);
    if ((await admin.textContent('main')).includes('导入的报告表格')) throw new Error('import not undone');
  });
  await visit(admin, 'console-report-2016', '/console/reports?year=2016', '导入年度报告全文');
  // Last year's report is published (computed from the demo's cases): a 更正 needs its reason,
  // then the report can be edited again while the published version stays public.
  await visit(admin, 'console-report-published', `/console/reports?year=${thisYear - 1}`, '已发布');
  await step('console-report-correct', async () => {
    await admin.fill('#correction_reason', '“五、存在的主要问题及改进情况”表述不完整');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action$="/correct"] button[type=submit]')]);
    if (!(await admin.textContent('main')).includes('更正中')) throw new Error('correction not started');
    await audit(admin, 'console-report-correcting', 'console-report-correcting');
  });
  // 导入审核: the demo's batch of older documents, one with a mobile number; the reviewer
  // leaves that one out and approves the rest.
  const reviewer = await staffPage(browser, 'mzj-reviewer');
  await visit(reviewer, 'console-imports', '/console/imports', '旧系统目录.csv');
  const batchUrl = await reviewer.getAttribute('main table.list a[href^="/console/imports/"]', 'href');
  await visit(reviewer, 'console-import-batch', batchUrl, '个人信息提示');
  await step('console-import-approve', async () => {
    await reviewer.check('#exclude_with_findings');
    await Promise.all([reviewer.waitForNavigation(), reviewer.click('main form button[type=submit]')]);
    const text = await reviewer.textContent('main');
    if (!text.includes('已审核：2 份发布，1 份退回')) throw new Error(`not approved: ${text.slice(0, 200)}`);
    await audit(reviewer, 'console-import-approve', 'console-import-approve');
  });
  const root = await staffPage(browser, 'admin');
  await visit(root, 'console-calendar', '/console/calendar', '工作日历');
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
  await check(page, 'reports', '/gk/nianbao/', '政府信息公开工作年度报告');
  await check(page, 'deadline', '/tools/deadline?received_on=2026-09-28&today=2026-10-09', '计算结果');
  // The index is fed from the outbox by serve's writer task: searchable within a round or two.
  await page.waitForTimeout(1500);
  await check(page, 'search', '/sites/mzj/search?q=%E4%BD%8E%E4%BF%9D&scope=all', '共找到');
  await step('search-suggest', async () => {
    // Typing in the header's box fills its datalist with titles containing the words.
    await page.goto(base + '/sites/mzj/');
    await page.locator('#site-search-q').pressSequentially('低保', { delay: 50 });
    await page.waitForSelector('#site-search-suggestions option', { state: 'attached', timeout: 5000 });
    const values = await page.$$eval('#site-search-suggestions option', (os) => os.map((o) => o.value));
    if (!values.length || !values.every((v) => v.includes('低保'))) throw new Error(`suggestions ${values}`);
  });
  await check(page, 'search-none', '/sites/mzj/search?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E7%A7%8D%E6%96%87%E4%BB%B6', '没有找到');
  // 依申请公开: the form is reached from the list of agencies, as an applicant would.
  await check(page, 'apply-agencies', '/ysqgk/', '依申请公开');
  await page.goto(base + '/ysqgk/');
  const formUrl = await page.getAttribute('main .list a:text-is("示例市民政局")', 'href');
  await check(page, 'apply-form', formUrl, '政府信息公开申请表');
  await check(page, 'apply-lookup', '/ysqgk/chaxun', '办理进度查询');
  await check(page, 'not-found', '/sites/mzj/documents/999999999', '页面不存在', 404);
  await check(page, 'site-map', '/sites/mzj/wzdt/', '网站地图');
  await catalogueOnDesktop(page);
  await elderSizes(page, href, formUrl);
  await applyJourney(page, formUrl);
  await consoleJourney(browser);
  // On a phone (360 px): every page type, in every presentation, without sideways scrolling.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [name, url, text, status] of [
    ['home', '/', '站群导航'],
    ['column', '/sites/mzj/zwgk/fdzdgknr/', '法定主动公开内容'],
    ['document', href, '索引号'],
    ['catalogue', '/gk/mulu/', '法定主动公开内容'],
    ['guide', '/sites/mzj/gk/zhinan/', '政府信息公开指南'],
    ['reports', '/gk/nianbao/', '政府信息公开工作年度报告'],
    ['search', '/sites/mzj/search?q=%E4%BD%8E%E4%BF%9D&scope=all', '共找到'],
    ['apply-agencies', '/ysqgk/', '依申请公开'],
    ['apply-form', formUrl, '政府信息公开申请表'],
    ['apply-lookup', '/ysqgk/chaxun', '办理进度查询'],
    ['deadline', '/tools/deadline?received_on=2026-09-28&today=2026-10-09', '计算结果'],
    ['not-found', '/sites/mzj/documents/999999999', '页面不存在', 404],
    ['bad-request', '/gk/mulu/?after=x', '请求有误', 400],
    ['site-map', '/sites/mzj/wzdt/', '网站地图'],
  ]) await check(page, `${name}-phone`, url, text, status);
  await catalogueOnPhone(page);
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((e) => {
  console.log(`browser tests crashed: ${e.stack}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
