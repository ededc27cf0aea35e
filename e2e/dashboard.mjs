// End-to-end test of the bydel dashboard in headless Chromium (playwright-core, no download).
// Usage: BYDEL_URL=http://127.0.0.1:PORT node dashboard.mjs
// Loads the overview, filters the area list, follows an area link, visits the pages of flows,
// life chances, evaluation, scenarios and lists, switches to English and back, and fails on any
// console error, page error or failed request. Saves screenshots of every page under
// e2e/artifacts/, and with BYDEL_REPORT=report.html prints the report to PDF there
// (report.pdf) with a picture of each page (report-page-NN.png).
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const base = process.env.BYDEL_URL;
if (!base) { console.error("BYDEL_URL is not set"); process.exit(2); }
const artifacts = join(dirname(fileURLToPath(import.meta.url)), "artifacts");
mkdirSync(artifacts, { recursive: true });

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
function check(cond, what) { if (!cond) { problems.push("check failed: " + what); } }
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") { problems.push(`console ${m.type()}: ${m.text()}`); } });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("requestfailed", (r) => problems.push("request failed: " + r.url()));
  page.on("response", (r) => { if (r.status() >= 400) { problems.push(`HTTP ${r.status()}: ${r.url()}`); } });

  await page.goto(base + "/?lang=da", { waitUntil: "load" });
  check((await page.getAttribute("html", "lang")) === "da", "overview is Danish");
  check(await page.locator("svg.map path[data-area]").count() > 0, "the map has areas");
  const rows = page.locator("#area-list tbody tr");
  const total = await rows.count();
  check(total > 1, "the area list has rows");
  // Hover a map area: its row is highlighted by the script.
  const first = page.locator("svg.map path[data-area]").first();
  await first.hover();
  check(await page.locator("#area-list tr.hover").count() === 1, "hovering a map area highlights its row");
  // Filter the list by the first area's name.
  const name = (await rows.first().locator("a").innerText()).trim();
  await page.fill("#filter", name);
  const visible = await page.locator("#area-list tbody tr:not(.hidden)").count();
  check(visible >= 1 && visible < total, `filtering by ${name} leaves ${visible} of ${total} rows`);
  await page.fill("#filter", "");
  await page.screenshot({ path: join(artifacts, "overview.png"), fullPage: true });

  // Keyboard: the first area link can be reached and followed with the keyboard.
  const link = rows.first().locator("a");
  await link.focus();
  await Promise.all([page.waitForURL(/\/area\//), page.keyboard.press("Enter")]);
  check((await page.locator("h1").innerText()).includes(name), "the area page is the chosen area");
  check(await page.locator("#profile-table").count() === 1, "the area page has its profile table");
  await page.screenshot({ path: join(artifacts, "area.png"), fullPage: true });

  // A focus area (first on the overview): its comparison with the rest of the municipality
  // and its criteria of the national lists.
  await page.goto(base + "/?lang=da", { waitUntil: "load" });
  const focus = page.locator("#focus-areas a").first();
  if (await focus.count() === 1) {
    await Promise.all([page.waitForURL(/\/area\//), focus.click()]);
    check(await page.locator("#comparison-table").count() === 1, "a focus area is compared with the rest of the municipality");
    check((await page.locator("#comparison-table").innerText()).includes("procentpoint"), "differences in procentpoint");
    await page.screenshot({ path: join(artifacts, "area-focus.png"), fullPage: true });
  }

  // An indicator page (map, ranking, distribution) and the compare view, in Danish.
  await page.goto(base + "/indicators?lang=da", { waitUntil: "load" });
  const indicatorLink = page.locator("ul.cards a").first();
  await Promise.all([page.waitForURL(/\/indicator\//), indicatorLink.click()]);
  check(await page.locator("#ranking tbody tr").count() > 1, "the indicator page ranks the areas");
  check(await page.locator("svg.map").count() === 1, "the indicator page has its map");
  await page.screenshot({ path: join(artifacts, "indicator.png"), fullPage: true });
  await page.goto(base + "/compare", { waitUntil: "load" });
  check(await page.locator("#compare-table tbody tr").count() > 0, "the compare view has its table");
  await page.screenshot({ path: join(artifacts, "compare.png"), fullPage: true });

  // Switch the language: the page and the following pages are English.
  await Promise.all([page.waitForURL(/lang=en/), page.click("#lang-toggle")]);
  check((await page.getAttribute("html", "lang")) === "en", "the toggle switches to English");
  await page.goto(base + "/indicators", { waitUntil: "load" });
  check((await page.getAttribute("html", "lang")) === "en", "English is remembered");
  await page.screenshot({ path: join(artifacts, "indicators-en.png"), fullPage: true });

  // The pages of flows, life chances, evaluation, scenarios and lists, reached from the
  // navigation, in Danish: each has its title and its published tables (or says plainly that
  // the run has none), and a screenshot for a person to read.
  await page.goto(base + "/?lang=da", { waitUntil: "load" });
  for (const [href, title, shot] of [
    ["/flows", "Flytninger", "flows.png"],
    ["/life-chances", "Livschancer", "life-chances.png"],
    ["/evaluation", "Evaluering", "evaluation.png"],
    ["/scenarios", "Scenarier", "scenarios.png"],
    ["/lists", "Officielle lister og sammenligningskommuner", "lists.png"],
  ]) {
    await Promise.all([page.waitForURL(new RegExp(href + "$")), page.click(`header nav a[href="${href}"]`)]);
    check((await page.getAttribute("html", "lang")) === "da", `${href} is Danish`);
    check((await page.locator("h1").innerText()).trim() === title, `${href} is titled ${title}`);
    const shown = await page.locator("table.published tbody tr").count() + await page.locator("p.absent").count();
    check(shown > 0, `${href} shows its tables or says that the run has none`);
    await page.screenshot({ path: join(artifacts, shot), fullPage: true });
  }
  // The flows page's year select submits its form.
  await page.goto(base + "/flows", { waitUntil: "load" });
  const years = await page.locator("#year option").allTextContents();
  if (years.length > 1) {
    const older = years[years.length - 1].trim();
    await Promise.all([page.waitForURL(new RegExp("year=" + older)), page.selectOption("#year", older)]);
    check((await page.locator("h2").first().innerText()).includes(older), "the flows of the chosen year");
  }
  // The flow indicators' trends (issue 15 item 4): when the run publishes them, the flows page
  // shows them with Danish verdicts, and the life-chance page the cohorts and their trend.
  await page.goto(base + "/flows?lang=da", { waitUntil: "load" });
  if (await page.locator("#flow-trends-table").count()) {
    const text = await page.locator("#flow-trends-table").innerText();
    check(/ingen klar udvikling|i bedring|forværres|for få år|\.\./.test(text), "the flow trends have Danish verdicts");
    check(!/no_clear_trend|worsening|improving/.test(text), "no verdict codes in the flow trends");
  }
  await page.goto(base + "/life-chances", { waitUntil: "load" });
  if (await page.locator("#life-chances-cohort-trends-table").count()) {
    const text = await page.locator("#life-chances-cohort-trends-table").innerText();
    check(!/no_clear_trend|too_few_years|worsening|improving/.test(text), "no verdict codes in the cohort trends");
  }

  // The year slider submits its form.
  await page.goto(base + "/", { waitUntil: "load" });
  const slider = page.locator("#year");
  const min = await slider.getAttribute("min");
  await slider.fill(min);
  await page.waitForURL(new RegExp("year=" + min));
  check((await page.inputValue("#year")) === min, "the year slider selects a year");
  // The report printed to PDF (A4, as `bydel report --pdf` prints it), each page a picture.
  if (process.env.BYDEL_REPORT) {
    const pages = await printReport(browser, process.env.BYDEL_REPORT);
    check(pages >= 3, `the report prints on several pages (${pages})`);
  }
} catch (e) {
  problems.push("error: " + e.message);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("e2e: ok");

// Prints the report (an HTML file) to artifacts/report.pdf with Chromium's print engine and
// renders each PDF page to artifacts/report-page-NN.png with pdf.js; returns the page count.
async function printReport(browser, html) {
  const page = await browser.newPage();
  await page.goto("file://" + html, { waitUntil: "load" });
  const pdf = join(artifacts, "report.pdf");
  await page.pdf({ path: pdf, format: "A4", preferCSSPageSize: true, printBackground: true });
  await page.close();
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  for (let i = 1; i <= doc.numPages; i++) {
    const p = await doc.getPage(i);
    const viewport = p.getViewport({ scale: 1.5 });
    const canvas = doc.canvasFactory.create(viewport.width, viewport.height);
    await p.render({ canvasContext: canvas.context, viewport }).promise;
    const name = `report-page-${String(i).padStart(2, "0")}.png`;
    writeFileSync(join(artifacts, name), canvas.canvas.toBuffer("image/png"));
  }
  return doc.numPages;
}
