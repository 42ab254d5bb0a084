// A real browser (Debian's Chromium, headless, driven by playwright-core) loads the calculator,
// fills in a flex-job, and checks the amounts on the page against the fixtures; then a typing
// error, the English toggle, keyboard access, no third-party requests, and offline use.
// A screenshot is kept in wasm/tests/artifacts/.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// Accessibility as axe-core checks it (WCAG 2.1 A and AA: labels, names, contrast, structure),
// injected from the local package, so the page still makes no third-party request. Every
// expandable explanation is opened first so its text is checked too.
async function accessible(page, state) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  const found = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  })).violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = false; }));
  assert.deepEqual(found, [], `accessibility violations (${state})`);
}
const www = join(here, "..", "www");
const artifacts = join(here, "artifacts");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  const file = join(www, path.endsWith("/") ? `${path}index.html` : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, locale: "da-DK" });
  const page = await context.newPage();
  const foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  const opened = Date.now();
  await page.goto(`${origin}/`);
  const results = page.locator("#results");
  // The defaults are STAR's example: 200 kr. an hour, 18 hours, March 2024 → 15.272 kr.
  await results.getByText("15.272,00 kr.").first().waitFor();
  console.log(`page opened to first amount shown: ${Date.now() - opened} ms (local server, no cache)`);
  const text = async () => (await results.innerText()).replace(/\u00a0/g, " ");
  let shown = await text();
  assert.ok(shown.includes("15.600,00 kr."), "employer pays 15.600 a month (200 × 18 × 52 / 12)");
  assert.ok(shown.includes("30.872,00 kr."), "total monthly income 30.872 (STAR)");
  assert.ok(shown.includes("30.372,00 kr."), "after ATP: 30.872 − 500");
  // The explanation is in Danish too, numbers included: 200 × 18 × 52 ÷ 12 = 15.600,00.
  const explained = await page.locator(".explanation").first().textContent();
  assert.ok(explained.includes("200,00 × 18 t × 52 uger ÷ 12 = 15.600,00"), explained);
  assert.ok(explained.includes("Afrunding: til hele kroner, halvt op"), explained);
  // A screen reader hears one sentence when the answer changes, not the whole results area.
  // (It is said once typing pauses.)
  await page.waitForFunction(() => document.getElementById("summary").textContent !== "");
  assert.equal(await page.locator("#summary").innerText(),
    "Arbejdsgiveren betaler 15.600,00 kr. pr. måned. Medarbejderen får 30.372,00 kr. efter ATP.");
  await accessible(page, "flex-job, Danish");

  // The fleksjobbonus for this hire (fixtures/bonus: 2014-05 version, at most 10 hours every
  // week): 18 hours breaks the limit in the hire's first week; 8 hours can earn 20.000 kr. after
  // 9 months, 2024-03-01 + 9 months = 2024-12-01 (dates are written the Danish way).
  assert.ok(shown.includes("uge 9 i 2024: 18 betalte timer, over grænsen på 10"), shown);
  // The scheme's end date was not found (rules/bonus/fleksjobbonus/2014-05.toml): said in Danish.
  assert.ok(shown.includes("ordningen er senere ophørt, og datoen for det blev ikke fundet"), shown);
  await page.fill("#hours", "8");
  await results.getByText("20.000,00 kr. forfalder 1. december 2024").first().waitFor();
  // A refugee hired 2018-03-05, 9 months after the permit (integrationsloven § 46 stk. 2):
  // 20.000 kr. after 6 months and 20.000 kr. after 12 months.
  await page.selectOption("#situation", "refugee");
  await page.fill("#permit", "2017-06-01");
  await page.fill("#start", "2018-03-05");
  await page.fill("#hours", "25");
  await results.getByText("20.000,00 kr. forfalder 5. september 2018 + 20.000,00 kr. forfalder 5. marts 2019").first().waitFor();
  // A hire from 1 July 2019 is outside the scheme (rules/bonus/refugee_bonus/2019-07-ended.toml):
  // the law's definite no is an answer (no bonus, and why), not an error.
  await page.fill("#start", "2020-05-01");
  await results.getByText("ordningen omfattede ansættelser til og med 30. juni 2019").first().waitFor();
  await page.fill("#start", "2018-03-05");
  // The bonus needs more than 19 hours a week on average (integrationsloven § 46): kept at 10
  // hours a week the plan fails, whatever the first week shows.
  await page.fill("#hours", "10");
  await results.getByText("ingen bonus med 10 timer om ugen: 270 betalte timer i de 27 uger").first().waitFor();
  await page.fill("#hours", "25");
  // Unemployed on dagpenge for 8 months, hired by a private firm 2023-03-01: løntilskud 86,16 kr.
  // an hour (2023) for at most 6 months, to 2023-08-31 (fixtures/loentilskud).
  await page.selectOption("#situation", "dagpenge");
  await page.fill("#dagpenge-months", "8");
  await page.fill("#start", "2023-03-01");
  await results.getByText("86,16 kr. pr. time, i højst 6 måneder, til 31. august 2023").first().waitFor();
  // The employer's cost after the subsidy (fixtures/loentilskud/private-2023-employer-cost-37h
  // computes the same at 37 hours): 25 hours a week × 160,33 ÷ 37 = 108,33 hours a month; wage
  // 200 × 108,33 = 21.666,00; subsidy 86,16 × 108,33 = 9.333,71; net 12.332,29 kr. a month,
  // 200 − 86,16 = 113,84 kr. an hour.
  shown = await text();
  for (const amount of ["21.666,00 kr.", "− 9.333,71 kr.", "12.332,29 kr.", "113,84 kr."]) {
    assert.ok(shown.includes(amount), `${amount} in\n${shown}`);
  }
  // Its explanation is on the page too, with the rule set it used.
  assert.ok(shown.includes("Forklaring: Løntilskud") && shown.includes("loentilskud 2023"), shown);
  // Too few months on dagpenge: the requirement fails and the employer pays the whole wage.
  await page.fill("#dagpenge-months", "3");
  await results.getByText("Uden opfyldt ledighedskrav").first().waitFor();
  assert.ok((await text()).includes("intet tilskud, fordi ledighedskravet ikke er opfyldt: 3 måneder på offentlig forsørgelse, færre end 6: opfyldt efter 3 måned(er) mere, eller hvis personen er over 49 år"));
  // At 50 or over the requirement does not apply (LAB § 69 stk. 3 nr. 2;
  // fixtures/loentilskud/six-months-rule-exempt-at-50.toml): the subsidy is back.
  await page.fill("#age", "55");
  await results.getByText("12.332,29 kr.").first().waitFor();
  // A senior of 55 with 13 months on dagpenge hired 2022-03-01 also gets the 2021-22 senior
  // supplement of 20 kr. an hour (LAB § 80 a; fixtures/loentilskud/senior-2021-supplement.toml):
  // 83,89 + 20,00 = 103,89 kr. an hour; 108,33 hours × 103,89 = 11.254,40 (rounded to øre);
  // net 21.666,00 − 11.254,40 = 10.411,60 kr., 200 − 103,89 = 96,11 kr. an hour.
  await page.fill("#dagpenge-months", "13");
  await page.fill("#start", "2022-03-01");
  await results.getByText("83,89 kr. pr. time + 20,00 kr. pr. time i seniortillæg, i højst 6 måneder, til 31. august 2022").first().waitFor();
  shown = await text();
  for (const amount of ["− 11.254,40 kr.", "10.411,60 kr.", "96,11 kr."]) {
    assert.ok(shown.includes(amount), `${amount} in\n${shown}`);
  }
  // Hires in 2013-2014 are not covered (rates not found): said in Danish, with what is covered.
  await page.fill("#start", "2014-06-02");
  await results.getByText("beregneren har ingen regler for en ansættelse den 2. juni 2014; den har regler for ansættelser fra 5. januar 2015").first().waitFor();
  // An age that is not a whole number is explained next to its field, and no amount stays.
  await page.fill("#age", "55,5");
  await page.locator("#age-msg").getByText("hele år").waitFor();
  await results.getByText("Ret de felter").first().waitFor();
  assert.ok(!(await text()).includes("kr."), "no stale amounts while a field is wrong");
  await page.fill("#age", "30");
  await page.fill("#dagpenge-months", "3");
  await page.fill("#start", "2023-03-01");
  await results.getByText("Uden opfyldt ledighedskrav").first().waitFor();
  // A month count that is not a whole number is explained next to its field.
  await page.fill("#dagpenge-months", "tre");
  await page.locator("#dagpenge-months-msg").getByText("helt tal").waitFor();
  await page.fill("#dagpenge-months", "8");
  // A public employer pays the fixed løntilskud wage of § 72 (2023: 133,75 kr.), not the 200 entered.
  await page.check("input[name=sector][value=public]");
  await results.getByText("den faste timeløn i løntilskud (133,75 kr.)").first().waitFor();
  await page.check("input[name=sector][value=private]");
  await results.getByText("12.332,29 kr.").first().waitFor();
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, "loentilskud.png"), fullPage: true });
  await accessible(page, "løntilskud, Danish");
  await page.selectOption("#situation", "fleksjob");

  // Another case, typed the Danish way: fixtures/fleksjob/2022-hourly-180kr-15h.toml
  // (180 kr. an hour, 15 hours, September 2022: tilskud 15.454, total 27.154).
  await page.fill("#hourly", "180,00");
  await page.fill("#hours", "15");
  await page.fill("#start", "2022-09-01");
  await results.getByText("15.454,00 kr.").first().waitFor();
  shown = await text();
  assert.ok(shown.includes("27.154,00 kr."), shown);
  assert.ok(shown.includes("fleksloentilskud 2022"), "the explanation names the rule-set version");

  // A lønloft case: fixtures/fleksjob/kk-2020-16000-lonloft.toml has wage 16.000 for 22 hours;
  // here 200 kr. × 20 h = 17.333,33 with a full-time wage of 23.545 (typed with thousands dots).
  await page.fill("#hourly", "200");
  await page.fill("#hours", "20");
  await page.fill("#start", "2020-05-01");
  await page.fill("#fulltime", "23.545");
  // 2020: before the lønloft 18.701 − (4.489,50 + 55 % × 2.368,33) = 12.909,92; room 23.545 −
  // 17.333,33 = 6.211,67, which binds.
  await results.getByText("6.211,67 kr.").first().waitFor();
  assert.ok((await text()).includes("Lønloftet begrænser tilskuddet"));
  // A full-time wage below the wage leaves no room: the page asks whether it was typed right.
  await page.fill("#fulltime", "10.000");
  await results.getByText("Fuldtidslønnen på 10.000,00 kr. er ikke over lønnen").first().waitFor();
  await page.fill("#fulltime", "");

  // A typing error is explained next to its field, and no stale amount stays marked valid.
  await page.fill("#hourly", "abc");
  const msg = page.locator("#hourly-msg");
  await msg.getByText("Skriv en timeløn, fx 200 eller 187,50.").waitFor();
  await accessible(page, "a field in error");
  assert.ok(!(await text()).includes("kr."), "no stale amounts while a field is wrong");
  // Thousands separators that do not group by three are a typing error, not 12.345 kr.
  await page.fill("#hourly", "1.234.5");
  await msg.getByText("Skriv en timeløn").waitFor();
  // No wage, no calculation: said beside the field, not as an error from the core.
  await page.fill("#hourly", "0");
  await msg.getByText("Timelønnen skal være over 0 kr.").waitFor();
  assert.equal(await page.getAttribute("#hourly", "aria-invalid"), "true");
  await page.fill("#hours", "200");
  await page.locator("#hours-msg").getByText("over 0 og højst 168").waitFor();
  await page.fill("#hourly", "200");
  await page.fill("#hours", "18");
  await page.fill("#start", "2031-01-01");
  await page.locator("#start-msg").getByText("1. januar 2013").waitFor();
  await page.fill("#start", "2024-03-01");
  await results.getByText("15.272,00 kr.").first().waitFor();

  // The explanation opens and cites the law.
  await page.locator("details summary").first().click();
  assert.ok(await page.locator("details[open] .legal a").first().getAttribute("href"));

  // English.
  await page.click("#lang");
  await page.getByRole("heading", { name: "What does the hire cost, and what does the employee get?" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.ok((await text()).includes("Does working more pay?"));
  await accessible(page, "English");

  // Every input has a label; the form can be walked with the keyboard.
  for (const id of ["hourly", "hours", "start", "fulltime", "situation", "dagpenge-months", "age", "permit"]) {
    assert.equal(await page.locator(`label[for=${id}]`).count(), 1, `label for #${id}`);
  }
  await page.focus("#hourly");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "hours");

  await mkdir(artifacts, { recursive: true });
  await page.click("#lang");
  await results.getByText("15.272,00 kr.").first().waitFor();
  await page.screenshot({ path: join(artifacts, "calculator.png"), fullPage: true });

  // On a phone (390 px) nothing is wider than the screen: the what-if table scrolls in its card.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling at 390 px");
  await page.screenshot({ path: join(artifacts, "phone.png"), fullPage: true });
  await accessible(page, "phone");
  await page.setViewportSize({ width: 1280, height: 1400 });

  // Offline: once loaded, the page works without the server (service worker).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await results.getByText("15.272,00 kr.").first().waitFor();
  await context.setOffline(false);

  assert.deepEqual(foreign, [], "no third-party requests");
  assert.deepEqual(errors, [], "no script errors");
  console.log("ok: browser calculator (screenshot: wasm/tests/artifacts/calculator.png)");
} finally {
  await browser.close();
  server.close();
}
