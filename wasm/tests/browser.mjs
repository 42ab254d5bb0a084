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
    // As a static host would: the pre-compressed file (wasm/build.sh writes .br and .gz next to
    // the .wasm and the JS) when the browser accepts it.
    const accepts = String(req.headers["accept-encoding"] ?? "");
    let body;
    let encoding;
    for (const [enc, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (body || !accepts.includes(enc)) continue;
      body = await readFile(file + ext).catch(() => undefined);
      if (body) encoding = enc;
    }
    body ??= await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "content-length": body.length, ...(encoding ? { "content-encoding": encoding } : {}) });
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

  let shown;
  const results = page.locator("#results");
  const text = async () => (await results.innerText()).replace(/\u00a0/g, " ");

  // Today is the default hire date: the browser's clock (fixed here at 4 January 2027), shown and
  // editable. No fleksløntilskud or løntilskud rates for 2027 are published: the page shows the
  // wage and says which figures are missing and when they are expected, never a blank.
  await page.clock.setFixedTime(new Date("2027-01-04T09:00:00"));
  await page.goto(`${origin}/`);
  await page.locator("#missing").waitFor();
  assert.equal(await page.inputValue("#start"), "2027-01-04");
  assert.ok((await page.locator("#start-msg").innerText()).includes("Dagens dato er valgt"));
  shown = await text();
  assert.ok(shown.includes("15.600,00 kr."), `the wage of a 2027 hire is known\n${shown}`);
  assert.ok(shown.includes("satserne for 2027") && shown.includes("december 2026"), shown);
  assert.ok(shown.includes("Fleksløntilskud fra kommunen\tikke kendt endnu"), shown);
  // The fleksjobbonus ended: said as ended, 0 kr., with the act, never "20.000,00 kr." (point 2).
  await page.fill("#hours", "8");
  await results.getByText("Fleksjobbonus: ordningen er ophørt, 0 kr.").first().waitFor();
  shown = await text();
  assert.ok(!shown.includes("20.000,00 kr."), shown);
  assert.ok(shown.includes("Bek. nr. 410 af 28/4/2014 om fleksjobbonus §§ 1-4"), shown);
  // Løntilskud for a 2027 hire: its rate is missing, said so; the wage stays.
  await page.selectOption("#situation", "dagpenge");
  await results.getByText("Løntilskuddet for en ansættelse i 2027").first().waitFor();
  // A refugee hired today: the bonus ended for hires from 1 July 2019 (point 2), with no permit date asked.
  await page.selectOption("#situation", "refugee");
  await results.getByText("Bonus for ansættelse af flygtninge: ordningen er ophørt, 0 kr.").first().waitFor();
  assert.ok((await text()).includes("ordningen omfattede ansættelser til og med 30. juni 2019"));
  // On the dagpenge path the jobpræmie answers "ended" too (income months from April 2019).
  await page.selectOption("#situation", "dagpenge");
  await page.fill("#start", "2026-06-01");
  await results.getByText("Jobpræmie til medarbejderen: ordningen er ophørt, 0 kr.").first().waitFor();
  // Conditions the page cannot judge are the jobcentre's to assess, never shown as met (point 4).
  await page.fill("#dagpenge-months", "8");
  await page.locator("#assess").getByText("Rimelighedskravet").waitFor();
  shown = await text();
  assert.ok(!/Rimelighedskrav\s*ja/.test(shown) && !shown.includes("5 ordinært ansatte"), shown);
  // Plausibility warnings beside the field warn and do not block (point 5).
  // (Past the declared bound of 10.000 kr. the core refuses it; below it, a warning.)
  await page.fill("#hourly", "5000");
  await page.locator("#hourly-msg").getByText("Er det en månedsløn?").waitFor();
  assert.notEqual(await page.getAttribute("#hourly", "aria-invalid"), "true");
  assert.ok((await text()).includes("kr."), "a warning does not block the calculation");
  await page.fill("#hourly", "180");
  await page.selectOption("#situation", "fleksjob");
  await page.fill("#hours", "40");
  await page.locator("#hours-msg").getByText("mere end fuld tid").waitFor();
  assert.ok((await text()).includes("kr."), "a warning does not block the calculation");
  // The same wage on the employer's and the employee's card (point 6): a dagpenge hire at
  // 37 hours, 180 kr., whose prior-unemployment requirement is not met. Both cards take the
  // løntilskud calculation's wage, 180 × 160,33 t = 28.859,40 (rules/loentilskud: rounding.month_hours).
  await page.fill("#hours", "37");
  await page.selectOption("#situation", "dagpenge");
  await page.fill("#dagpenge-months", "3");
  await results.getByText("Uden opfyldt ledighedskrav").first().waitFor();
  const employerCard = (await page.locator("#employer").innerText()).replace(/\u00a0/g, " ");
  const employeeCard = (await page.locator("#employee").innerText()).replace(/\u00a0/g, " ");
  assert.ok(employerCard.includes("28.859,40 kr.") && employeeCard.includes("28.859,40 kr."), `${employerCard}\n${employeeCard}`);
  assert.ok(!employerCard.includes("28.860,00") && !employeeCard.includes("28.860,00"));

  // A share link restores every input (point 7): the address carries the form.
  await page.fill("#hourly", "200");
  await page.fill("#hours", "18");
  await page.selectOption("#situation", "fleksjob");
  await page.fill("#start", "2024-03-01");
  const link = await page.inputValue("#share-link");
  assert.ok(link.includes("lon=200") && link.includes("timer=18") && link.includes("dato=2024-03-01") && link.includes("situation=fleksjob"), link);
  const opened = Date.now();
  await page.goto(link);
  // STAR's example: 200 kr. an hour, 18 hours, March 2024 → 15.272 kr.
  await results.getByText("15.272,00 kr.").first().waitFor();
  console.log(`share link opened to first amount shown: ${Date.now() - opened} ms (local server)`);
  assert.equal(await page.inputValue("#start"), "2024-03-01");
  assert.equal(await page.inputValue("#hours"), "18");
  shown = await text();
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
  assert.ok(shown.includes("Forklaring: Løntilskud") && shown.includes("Regler: Løntilskud, version 2023"), shown);
  // Too few months on dagpenge: the requirement fails and the employer pays the whole wage.
  await page.fill("#dagpenge-months", "3");
  await results.getByText("Uden opfyldt ledighedskrav").first().waitFor();
  assert.ok((await text()).includes("intet tilskud, fordi ledighedskravet ikke er opfyldt: 3 måneder på offentlig forsørgelse, færre end 6: opfyldt efter 3 måneder mere, eller hvis personen er over 49 år"));
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
  assert.ok(shown.includes("Regler: Fleksløntilskud, version 2022"), "the explanation names the rule-set version");

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
  await page.fill("#start", "2012-06-01");
  await page.locator("#start-msg").getByText("1. januar 2013").waitFor();
  await page.fill("#start", "2024-03-01");
  await results.getByText("15.272,00 kr.").first().waitFor();

  // Danish throughout in Danish mode (point 3): no internal names, ISO dates or English link
  // texts in what the page shows, explanations opened, for each situation; derived rates are
  // flagged beside the amount, their derivation behind a disclosure.
  const ENGLISH = /\b(the|from|and|with|rates|not found|derived|which|only)\b/i;
  for (const [situation, date] of [["fleksjob", "2024-03-01"], ["fleksjob", "2025-06-02"], ["dagpenge", "2024-03-01"], ["fortidspension", "2026-06-01"], ["refugee", "2026-06-01"], ["fleksjob", "2027-01-04"]]) {
    await page.selectOption("#situation", situation);
    await page.fill("#start", date);
    await results.locator("#employer").waitFor();
    await page.evaluate(() => document.querySelectorAll("#results details:not(.derivation)").forEach((d) => { d.open = true; }));
    const all = await page.evaluate(() => {
      // Text the reader sees, minus what is marked as English (a rule set's derivation).
      const clone = document.getElementById("results").cloneNode(true);
      clone.querySelectorAll("[lang=en], details.derivation > ul, #share-link").forEach((e) => e.remove());
      return clone.textContent;
    });
    const links = await page.locator("#results a").allInnerTexts();
    // The page's module carries only its schemes' texts: none may be missing.
    assert.ok(!all.includes("[missing text"), `a missing text (${situation} ${date}): ${all.match(/\[missing text[^\]]*\]/)}`);
    assert.ok(!/\b\d{4}-\d{2}-\d{2}\b/.test(all), `an ISO date in Danish mode (${situation} ${date}): ${all.match(/.{60}\d{4}-\d{2}-\d{2}.{20}/s)}`);
    assert.ok(!/\b[a-z]+_[a-z_]+\b/.test(all), `an internal name in Danish mode (${situation}): ${all.match(/.{40}\b[a-z]+_[a-z_]+\b.{20}/s)}`);
    for (const l of links) assert.ok(!ENGLISH.test(l), `English link text in Danish mode: ${l}`);
    await page.evaluate(() => document.querySelectorAll("#results details").forEach((d) => { d.open = false; }));
  }
  // 2025 rates are derived: flagged beside the subsidy in plain Danish, the working in a <details>.
  await page.selectOption("#situation", "fleksjob");
  await page.fill("#start", "2025-06-02");
  await page.locator("#employee .flag").getByText("afledt sats").waitFor();
  assert.ok(await page.locator("#explanations details.derivation summary").first().isVisible());
  await page.fill("#start", "2024-03-01");
  await results.getByText("15.272,00 kr.").first().waitFor();
  // The first year month by month, next steps and the "vejledende" line (point 7).
  shown = await text();
  assert.ok(shown.includes("Det første år, måned for måned") && shown.includes("1. fra 1. marts 2024") && shown.includes("12. fra 1. februar 2025"), shown);
  // 12 × 15.600,00 = 187.200,00 kr., no subsidy to the employer in a flex-job.
  assert.ok(shown.includes("I alt det første år\t187.200,00 kr.\t–\t187.200,00 kr."), shown);
  assert.ok(shown.includes("Næste skridt") && shown.includes("Kontakt jobcentret i kommunen før 1. marts 2024"), shown);
  assert.ok(shown.includes("Vejledende beregning"), shown);
  // A løntilskud hire's year: 6 months with the subsidy, then the whole wage (fixtures/loentilskud
  // private 2023, 25 hours: net 12.332,29 for 6 months, then 21.666,00 for 6): 203.989,74 kr.
  await page.selectOption("#situation", "dagpenge");
  await page.fill("#dagpenge-months", "8");
  await page.fill("#age", "30");
  await page.fill("#hours", "25");
  await page.fill("#start", "2023-03-01");
  await results.getByText("12.332,29 kr.").first().waitFor();
  shown = await text();
  assert.ok(shown.includes("I alt det første år\t259.992,00 kr.\t− 56.002,26 kr.\t203.989,74 kr."), shown);
  assert.ok(shown.includes("Løntilskuddet slutter 31. august 2023"), shown);

  // Print (point 7): the summary fits one A4 page, the explanation starts on the next.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 718, height: 1000 });
  const printed = await page.evaluate(() => ({
    summary: document.getElementById("summary-block").getBoundingClientRect().bottom,
    breakBefore: getComputedStyle(document.getElementById("explanations")).breakBefore,
    form: getComputedStyle(document.getElementById("form")).display,
  }));
  // A4 is 297 mm; less 2 × 12 mm margins, 273 mm = 1032 CSS px.
  assert.ok(printed.summary <= 1032, `the printed summary is ${printed.summary}px tall, more than one A4 page`);
  assert.equal(printed.breakBefore, "page");
  assert.equal(printed.form, "none");
  await page.pdf({ path: join(artifacts, "print.pdf"), format: "A4", margin: { top: "12mm", bottom: "12mm", left: "12mm", right: "12mm" } }).catch(() => {});
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 1400 });

  // The what-if table's last column is visible on a desktop (point 8).
  await page.selectOption("#situation", "fleksjob");
  await page.fill("#hours", "18");
  await page.fill("#start", "2024-03-01");
  await page.locator("#whatif").waitFor();
  for (const width of [1280, 1024, 800]) {
    await page.setViewportSize({ width, height: 1000 });
    const fits = await page.evaluate(() => {
      const card = document.getElementById("whatif").getBoundingClientRect();
      const last = [...document.querySelectorAll("#whatif th")].pop().getBoundingClientRect();
      return last.right <= card.right && last.width > 0;
    });
    assert.ok(fits, `"Gevinst pr. ekstra time" visible at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 1400 });

  // The explanation opens and cites the law.
  await page.locator("#explanations details summary").first().click();
  assert.ok(await page.locator("#explanations details[open] .legal a").first().getAttribute("href"));

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

  // On a phone the results come first: the first amount is on the first screen (point 8).
  await page.setViewportSize({ width: 390, height: 844 });
  const firstAmount = await page.evaluate(() => document.querySelector("#employer td").getBoundingClientRect().bottom);
  assert.ok(firstAmount < 844, `first amount at ${firstAmount}px, below the fold`);
  await page.screenshot({ path: join(artifacts, "phone.png"), fullPage: true });
  await accessible(page, "phone");
  // From 320 px nothing is wider than the screen or runs past its card, for each situation.
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 800 });
    for (const situation of ["fleksjob", "dagpenge", "refugee"]) {
      await page.selectOption("#situation", situation);
      await results.locator("#employer").waitFor();
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      const over = await page.evaluate((w) => {
        const bad = [];
        if (document.documentElement.scrollWidth > w) bad.push(`page ${document.documentElement.scrollWidth}`);
        for (const el of document.querySelectorAll(".card, .card *")) {
          const r = el.getBoundingClientRect();
          if (r.width && (r.right > w + 0.5 || r.left < -0.5)) bad.push(`${el.tagName}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
        }
        return bad.slice(0, 5);
      }, width);
      assert.deepEqual(over, [], `overflow at ${width} px (${situation})`);
    }
  }
  await page.screenshot({ path: join(artifacts, "phone-320.png"), fullPage: true });
  await page.selectOption("#situation", "fleksjob");
  await page.setViewportSize({ width: 1280, height: 1400 });

  // Offline: once loaded, the page works without the server (service worker).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await results.getByText("15.272,00 kr.").first().waitFor();
  // The address is the share link: offline, its inputs are restored too.
  assert.ok(page.url().includes("dato=2024-03-01"), page.url());
  assert.equal(await page.inputValue("#start"), "2024-03-01");
  await context.setOffline(false);

  // The first amount on a slow phone: the CPU slowed 4× and a slow mobile network (Lighthouse's
  // "slow 4G": 150 ms round trip, 1,6 Mbit/s down, 750 kbit/s up), no cache. Measured and
  // reported; the budget is 1 s.
  {
    const slow = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "da-DK", serviceWorkers: "block" });
    const p = await slow.newPage();
    const cdp = await slow.newCDPSession(p);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    let wasmBytes = 0;
    let wasmEncoding = "";
    p.on("response", async (r) => {
      if (!r.url().endsWith(".wasm")) return;
      const h = await r.allHeaders();
      wasmBytes = Number(h["content-length"] ?? 0);
      wasmEncoding = h["content-encoding"] ?? "none";
    });
    const t0 = Date.now();
    await p.goto(`${origin}/?lon=200&timer=18&dato=2024-03-01&situation=fleksjob`);
    await p.locator("#results").getByText("15.272,00 kr.").first().waitFor({ timeout: 60000 });
    const slowMs = Date.now() - t0;
    const marks = async (pg) => pg.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark")
      .filter((m) => m.name.startsWith("beregner:")).map((m) => [m.name.slice(9), Math.round(m.startTime)])));
    console.log(`  marks (ms from navigation, CPU 4× + slow 4G): ${JSON.stringify(await marks(p))}`);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const p2 = await slow.newPage();
    const cdp2 = await slow.newCDPSession(p2);
    await cdp2.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const t1 = Date.now();
    await p2.goto(`${origin}/?lon=200&timer=18&dato=2024-03-01&situation=fleksjob`);
    await p2.locator("#results").getByText("15.272,00 kr.").first().waitFor({ timeout: 60000 });
    const cpuMs = Date.now() - t1;
    console.log(`  marks (ms from navigation, CPU 4×): ${JSON.stringify(await marks(p2))}`);
    const init = await p2.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).map((e) => Math.round(e.duration))[0]);
    console.log(`first amount, CPU 4× slower + slow 4G: ${slowMs} ms (wasm sent as ${wasmBytes || "?"} bytes, ${wasmEncoding}); CPU 4× slower, local network: ${cpuMs} ms (wasm fetch ${init} ms)`);
    await slow.close();
  }

  assert.deepEqual(foreign, [], "no third-party requests");
  assert.deepEqual(errors, [], "no script errors");
  console.log("ok: browser calculator (screenshot: wasm/tests/artifacts/calculator.png)");
} finally {
  await browser.close();
  server.close();
}
