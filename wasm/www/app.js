// beregner's browser calculator. Every amount comes from the WebAssembly build of the same core
// as the CLI; this file only reads the form, asks the core, and shows the answer. No network.
import init, { calculate, whatif, parse_amount, format_amount, rule_sets, check_input } from "./pkg/beregner_wasm.js";

const T = {
  da: {
    title: "Hvad koster ansættelsen, og hvad får medarbejderen?",
    lang_button: "English", lang_label: "Switch to English",
    job: "Ansættelsen", hourly: "Timeløn inkl. pension (kr.)", hours: "Timer om ugen",
    start: "Ansættelsesdato", fulltime: "Fuldtidsløn i samme stilling (kr. pr. md., valgfri)",
    fulltime_hint: "Uden beløb bruges timelønnen × 37 timer × 52 / 12.",
    sector: "Arbejdsgiver", private: "Privat", public: "Offentlig", situation: "Personens situation",
    sit_fleksjob: "Godkendt til fleksjob", sit_dagpenge: "Ledig på dagpenge", sit_ftp: "Førtidspensionist",
    sit_refugee: "Flygtning med opholdstilladelse", dagpenge_months: "Måneder på dagpenge",
    permit: "Dato for opholdstilladelse", loading: "Indlæser beregneren …",
    age: "Alder ved ansættelsen", err_age: "Skriv alderen i hele år, fx 45.",
    fix_fields: "Ret de felter, der har en fejlbesked, så vises beløbene igen.",
    err_not_an_amount: "Skriv et beløb, fx 15.272,00 eller 15272.", err_negative: "Beløbet kan ikke være negativt.",
    err_not_an_amount_hourly: "Skriv en timeløn, fx 200 eller 187,50.", err_zero: "Timelønnen skal være over 0 kr.",
    core_error: "Beregneren kunne ikke regne på disse oplysninger:",
    bonus_with_hours: "med {h} timer om ugen", bonus_if_running: "hvis ordningen stadig gjaldt ved ansættelsen,",
    lt_not_now: "intet tilskud, fordi ledighedskravet ikke er opfyldt:", lt_would_be: "Satsen ville være {r} pr. time.",
    explain_if_met: "Beløbene nedenfor gælder kun, hvis ledighedskravet er opfyldt.", no_end: "uden kendt slutdato",
    err_decimals: "Højst to decimaler (øre).",
    lt_senior: "{s} pr. time i seniortillæg",
    none_for_date: "beregneren har ingen regler for en ansættelse den {date}; den har regler for ansættelser {spans}.",
    span: "fra {from} til {to}", span_open: "fra {from}", or: "eller",
    footer: "Beregnet i din browser med beregner; intet sendes til en server. Beløbene følger den regelsæt-version, der er vist under forklaringen.",
    employer: "Arbejdsgiveren betaler", per_month: "pr. måned", per_hour: "pr. arbejdstime",
    employee: "Medarbejderen får", wage: "Løn fra arbejdsgiveren (inkl. pension)", subsidy: "Fleksløntilskud fra kommunen",
    atp: "ATP-bidrag trukket i tilskuddet", total: "Samlet månedsindtægt", total_after: "Samlet efter ATP",
    lonloft_binds: "Lønloftet begrænser tilskuddet: løn + tilskud kan ikke overstige fuldtidslønnen.",
    lonloft_zero: "Fuldtidslønnen på {ft} er ikke over lønnen for de indtastede timer, så der er intet fleksløntilskud. Er det fuldtidslønnen pr. måned i samme stilling?",
    support: "Tilskud og bonus til arbejdsgiveren",
    support_fleks: "Fleksløntilskuddet udbetales til medarbejderen; arbejdsgiveren betaler kun løn for de udførte timer.",
    lt_refugee: "afhænger af, hvilken ydelse personen får, og hvor længe; siden spørger ikke om det og viser derfor intet beløb. Jobcentret oplyser sats og varighed.",
    bonus_none: "ingen bonus", bonus_possible: "kan udbetales", bonus_due: "forfalder", bonus_if: "Betingelser:",
    bonus_deadline: "søg senest",
    lt_rate: "pr. time", lt_until: "i højst {m} måneder, til", lt_nolimit: "uden tidsgrænse",
    lt_staff: "Jobcentret kontrollerer desuden rimelighedskravet og merbeskæftigelse ud fra virksomhedens ansatte.",
    bonus: "Fleksjobbonus", loentilskud: "Løntilskud", refugee_bonus: "Bonus for ansættelse af flygtninge",
    not_fleks: "Fleksløntilskud gælder kun for personer godkendt til fleksjob; medarbejderen får lønnen fra arbejdsgiveren.",
    whatif: "Kan det betale sig at arbejde mere?", whatif_hours: "Timer/uge", whatif_income: "Indtægt",
    whatif_after: "Efter ATP", whatif_gain: "Gevinst pr. ekstra time", why: "Hvorfor gevinsten ændrer sig",
    from_hours: "fra {h} timer om ugen", rule_set: "Regelsæt",
    valid: "gyldigt", status_enacted: "vedtagne satser", status_derived: "afledte satser, se noterne", status_secondary: "satser gengivet af en anden kilde, se noterne", notes: "Noter (fra regelsættet; udledninger er på engelsk)",
    rounded: "Afrunding:",
    err_required: "Skal udfyldes.", err_hours: "Skriv timer som et tal over 0 og højst 168, fx 18 eller 18,5.",
    err_date: "Vælg en dato.", err_not_covered: "Beregneren har satser for {from} til {to}.",
    employer_lt: "Arbejdsgiveren betaler efter løntilskud", wage_month: "Løn pr. måned", lt_month: "Løntilskud pr. måned",
    net_month: "Netto pr. måned", net_hour: "Netto pr. arbejdstime", lt_est: "Timer pr. måned er skønnet ud fra timer om ugen; tilskuddet udbetales for de faktisk betalte timer.",
    lt_public_wage: "En offentlig arbejdsgiver betaler den faste timeløn i løntilskud ({w}), ikke den indtastede.",
    lt_not_met: "Uden opfyldt ledighedskrav er der intet løntilskud; arbejdsgiveren betaler hele lønnen.",
    explain_of: "Forklaring: {what}", fleksloentilskud: "Fleksløntilskud",
    err_months: "Skriv antal måneder som et helt tal, fx 6.", err_permit: "Vælg datoen for opholdstilladelsen; den skal ligge på eller før ansættelsesdatoen.",
    warning: "Bemærk", yes: "ja", no: "nej",
    summary_employer: "Arbejdsgiveren betaler {m} pr. måned.", summary_employee: "Medarbejderen får {m} efter ATP.",
    kr: "kr.", page_title: "beregner · løn, fleksjob og tilskud",
    value_no_limit: "ingen tidsgrænse", value_within_first_year: "inden for 1 år",
    value_within_second_year: "inden for 2 år", value_too_late: "for sent", value_before_permit: "før opholdstilladelsen",
  },
  en: {
    title: "What does the hire cost, and what does the employee get?",
    lang_button: "Dansk", lang_label: "Skift til dansk",
    job: "The job", hourly: "Hourly wage incl. pension (kr.)", hours: "Hours per week",
    start: "Hire date", fulltime: "Full-time wage in the same job (kr. per month, optional)",
    fulltime_hint: "Without an amount, the hourly wage × 37 hours × 52 / 12 is used.",
    sector: "Employer", private: "Private", public: "Public", situation: "The person's situation",
    sit_fleksjob: "Approved for a flex-job", sit_dagpenge: "Unemployed on dagpenge", sit_ftp: "Førtidspensionist (disability pension)",
    sit_refugee: "Refugee with a residence permit", dagpenge_months: "Months on dagpenge",
    permit: "Residence permit date", loading: "Loading the calculator …",
    age: "Age at the hire", err_age: "Write the age in whole years, e.g. 45.",
    fix_fields: "Correct the fields with an error message and the amounts are shown again.",
    err_not_an_amount: "Write an amount, e.g. 15.272,00 or 15272.", err_negative: "The amount cannot be negative.",
    err_not_an_amount_hourly: "Write an hourly wage, e.g. 200 or 187,50.", err_zero: "The hourly wage must be above 0 kr.",
    core_error: "The calculator could not compute these figures:",
    bonus_with_hours: "at {h} hours a week", bonus_if_running: "if the scheme still applied at the hire,",
    lt_not_now: "no subsidy, as the prior-unemployment requirement is not met:", lt_would_be: "The rate would be {r} per hour.",
    explain_if_met: "The amounts below apply only if the prior-unemployment requirement is met.", no_end: "no known end date",
    err_decimals: "At most two decimals (øre).",
    lt_senior: "{s} per hour senior supplement",
    none_for_date: "nothing to compute for a hire on {date}: the calculator has rules for hires {spans}.",
    span: "from {from} to {to}", span_open: "from {from}", or: "or",
    footer: "Computed in your browser by beregner; nothing is sent to a server. Amounts follow the rule-set version shown under the explanation.",
    employer: "The employer pays", per_month: "per month", per_hour: "per hour of work",
    employee: "The employee gets", wage: "Wage from the employer (incl. pension)", subsidy: "Fleksløntilskud from the municipality",
    atp: "ATP contribution withheld from the tilskud", total: "Total monthly income", total_after: "Total after ATP",
    lonloft_binds: "The lønloft limits the tilskud: wage + tilskud cannot exceed the full-time wage.",
    lonloft_zero: "The full-time wage of {ft} is not above the wage for the hours entered, so there is no fleksløntilskud. Is it the monthly full-time wage in the same job?",
    support: "Subsidies and bonuses for the employer",
    support_fleks: "The fleksløntilskud is paid to the employee; the employer pays wages only for the hours worked.",
    lt_refugee: "depends on which benefit the person receives, and for how long; the page does not ask, so it shows no amount. The jobcentre gives the rate and duration.",
    bonus_none: "no bonus", bonus_possible: "can be paid", bonus_due: "due", bonus_if: "Conditions:",
    bonus_deadline: "apply by",
    lt_rate: "per hour", lt_until: "for at most {m} months, to", lt_nolimit: "with no time limit",
    lt_staff: "The jobcentre also checks the ratio and net-expansion requirements against the firm's staff.",
    bonus: "Fleksjobbonus", loentilskud: "Løntilskud (wage subsidy)", refugee_bonus: "Bonus for hiring refugees",
    not_fleks: "Fleksløntilskud applies only to people approved for a flex-job; the employee gets the wage from the employer.",
    whatif: "Does working more pay?", whatif_hours: "Hours/week", whatif_income: "Income",
    whatif_after: "After ATP", whatif_gain: "Gain per extra hour", why: "Why the gain changes",
    from_hours: "from {h} hours a week", rule_set: "Rule set",
    valid: "valid", status_enacted: "enacted rates", status_derived: "derived rates, see the notes", status_secondary: "rates as quoted by another source, see the notes", notes: "Notes",
    rounded: "Rounding:",
    err_required: "Required.", err_hours: "Write hours as a number above 0 and at most 168, e.g. 18 or 18.5.",
    err_date: "Choose a date.", err_not_covered: "The calculator has rates for {from} to {to}.",
    employer_lt: "The employer pays after the løntilskud", wage_month: "Wage per month", lt_month: "Løntilskud per month",
    net_month: "Net per month", net_hour: "Net per hour of work", lt_est: "Hours per month are estimated from the weekly hours; the subsidy is paid for the hours actually paid.",
    lt_public_wage: "A public employer pays the fixed løntilskud wage ({w}), not the one entered.",
    lt_not_met: "Without the prior-unemployment requirement met there is no løntilskud; the employer pays the whole wage.",
    explain_of: "Explanation: {what}", fleksloentilskud: "Fleksløntilskud",
    err_months: "Write the number of months as a whole number, e.g. 6.", err_permit: "Choose the residence permit date; it must be on or before the hire date.",
    warning: "Note", yes: "yes", no: "no",
    summary_employer: "The employer pays {m} per month.", summary_employee: "The employee gets {m} after ATP.",
    kr: "kr.", page_title: "beregner · wages, flex-jobs and subsidies",
    value_within_first_year: "within 1 year", value_within_second_year: "within 2 years",
    value_too_late: "too late", value_before_permit: "before the permit",
  },
};

let lang = "da";
const t = (key, vars = {}) => (T[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");
const $ = (id) => document.getElementById(id);
const kr = (amount) => `${format_amount(amount)} ${t("kr")}`;
// Dates as the reader writes them: "1. september 2024" / "1 September 2024". The core's dates are
// ISO days; formatting in UTC keeps the day whatever the browser's time zone.
const day = (iso) => (iso ? new Intl.DateTimeFormat(lang === "da" ? "da-DK" : "en-GB", { dateStyle: "long", timeZone: "UTC" })
  .format(new Date(`${iso}T00:00:00Z`)) : "");
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  $("lang").textContent = t("lang_button");
  $("lang").setAttribute("aria-label", t("lang_label"));
  // The button speaks the other language.
  $("lang").setAttribute("lang", lang === "da" ? "en" : "da");
  document.title = t("page_title");
}

/** Field checks as the user types; each message sits next to its field. */
function setMessage(id, text) {
  const msg = $(`${id}-msg`);
  const input = $(id);
  const shownText = text || (id === "fulltime" ? t("fulltime_hint") : "");
  // Rewriting a live region with the same words makes screen readers say them again.
  if (msg.textContent === shownText && (input.getAttribute("aria-invalid") === "true") === Boolean(text)) return;
  if (text) {
    msg.textContent = text;
    msg.classList.add("error");
    msg.classList.remove("hint");
    input.setAttribute("aria-invalid", "true");
  } else {
    msg.textContent = id === "fulltime" ? t("fulltime_hint") : "";
    msg.classList.remove("error");
    if (id === "fulltime") msg.classList.add("hint");
    input.removeAttribute("aria-invalid");
  }
}

// The page's fields are the fleksløntilskud inputs they feed; the core checks each by its
// declaration (the same bounds as a case file), read the Danish way as typed.
const DECLARED = { hourly: "hourly_wage", fulltime: "full_time_wage", hours: "weekly_hours" };
const declared = (id, text) => JSON.parse(check_input("fleksloentilskud", DECLARED[id], text, lang));

function readAmount(id, required) {
  const text = $(id).value.trim();
  if (!text) {
    setMessage(id, required ? t("err_required") : "");
    return required ? null : "";
  }
  // The page's own words for a typing slip; the core's reason for anything else (a value past
  // its bounds: a monthly salary typed as an hourly wage).
  const parsed = JSON.parse(parse_amount(text));
  const checked = parsed.error ? null : declared(id, text);
  const code = parsed.code === "not_an_amount" && id === "hourly" ? "not_an_amount_hourly" : parsed.code;
  const zero = checked && !checked.error && id === "hourly" && format_amount(checked.value) === "0,00";
  const error = parsed.error ? t(`err_${code}`) : checked.error || (zero ? t("err_zero") : "");
  setMessage(id, error);
  return error ? null : checked.value;
}

function readHours() {
  const text = $("hours").value.trim().replace(/[.,]$/, "");
  const checked = text ? declared("hours", text) : { error: true };
  const ok = !checked.error && !/^0+([.,]0+)?$/.test(text);
  setMessage("hours", ok ? "" : t("err_hours"));
  return ok ? checked.value : null;
}

let coverage = { from: null, to: null };
let versions = [];

const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

// When a scheme has no rules for the hire date (rates not found, or no scheme then), say so in
// the reader's language with the hire dates the bundled rule sets do cover; null if covered.
function uncovered(id, date) {
  const list = versions.filter((v) => v.id === id);
  const inForce = list.find((v) => v.valid_from <= date && (!v.valid_to || date <= v.valid_to));
  if (inForce && inForce.status !== "not_covered") return null;
  const spans = [];
  for (const v of list.filter((x) => x.status !== "not_covered")) {
    const last = spans[spans.length - 1];
    if (last && last.to && nextDay(last.to) === v.valid_from) last.to = v.valid_to;
    else spans.push({ from: v.valid_from, to: v.valid_to });
  }
  const said = spans.map((x) => (x.to ? t("span", { from: day(x.from), to: day(x.to) }) : t("span_open", { from: day(x.from) })));
  return t("none_for_date", { date: day(date), spans: said.join(` ${t("or")} `) });
}

// A scheme's errors for the page: the coverage in the reader's language, and the core's own
// reason (English) in English mode.
function errorsSaid(id, res) {
  const reasons = res.errors.map((e) => e.reason).join("; ");
  const gap = uncovered(id, $("start").value);
  if (!gap) return reasons;
  return lang === "en" ? `${gap} ${reasons}` : gap;
}
function readMonth() {
  const v = $("start").value;
  if (!v) {
    setMessage("start", t("err_date"));
    return null;
  }
  const month = v.slice(0, 7);
  if ((coverage.from && v < coverage.from) || (coverage.to && v > coverage.to)) {
    setMessage("start", t("err_not_covered", { from: day(coverage.from), to: day(coverage.to) }));
    return null;
  }
  setMessage("start", "");
  return month;
}

function row(label, value, cls = "") {
  return `<tr class="${cls}"><th scope="row">${esc(label)}</th><td>${esc(value)}</td></tr>`;
}

// A bonus for this hire, asked of the core twice: with the entered hours kept every week for two
// years (will this plan earn it?) and with only the first week known (what must still hold).
const inTwoYears = (iso) => `${Number(iso.slice(0, 4)) + 2}${iso.slice(4)}`;
function bonusCase(scheme, hours, extra) {
  const start = $("start").value;
  const sector = document.querySelector("input[name=sector]:checked").value;
  const ask = (until) => JSON.parse(calculate(JSON.stringify({
    scheme, input: { hire_date: start, sector, weekly_hours: `${start}/${until}: ${hours}`, ...extra },
  })));
  return { plan: ask(inTwoYears(start)), first: ask(start) };
}

// Notes the core attaches to a result (an unknown end date, derived rates, de minimis aid) are
// warnings the employer must see, in the reader's language.
function notes(res) {
  return (lang === "da" && res.notes_da) || res.notes || [];
}
function notesBlock(res) {
  return notes(res).map((n) => `<p class="warning"><strong>${esc(t("warning"))}:</strong> ${esc(n)}</p>`).join("");
}

function bonusItem(id, name, hours, cases) {
  const head = `<strong>${esc(name)}</strong>`;
  const { plan, first } = cases;
  if (plan.errors) return `<li>${head}: ${esc(t("bonus_none"))}: ${esc(errorsSaid(id, plan))}</li>`;
  const r = plan.result;
  // The core says why and what must hold in both languages.
  const said = (res, key) => (lang === "da" ? res.result[`${key}_da`] : res.result[key]) ?? "";
  const withHours = t("bonus_with_hours", { h: hours.replace(".", ",") });
  if (r.status === "not_eligible") {
    return `<li>${head}: ${esc(t("bonus_none"))} ${esc(withHours)}: ${esc(said(plan, "first_breach"))}.${notesBlock(plan)}</li>`;
  }
  const payments = r.first_payment_due
    ? [[r.first_payment, r.first_payment_due], [r.second_payment, r.second_payment_due]]
    : [[r.amount, r.payment_due]];
  const due = payments.map(([a, d]) => `${kr(a)} ${t("bonus_due")} ${day(d)}`).join(" + ");
  const deadline = r.application_deadline ? `; ${t("bonus_deadline")} ${day(r.application_deadline)}` : "";
  const running = plan.rule_set.end_unknown ? `${t("bonus_if_running")} ` : "";
  const conditions = first.result?.still_to_hold ? ` ${t("bonus_if")} ${said(first, "still_to_hold")}.` : "";
  return `<li>${head}: ${esc(running)}${esc(t("bonus_possible"))} ${esc(withHours)}: ${esc(due)}${esc(deadline)}.${esc(conditions)}${notesBlock(plan)}</li>`;
}

// Løntilskud for this hire: the rate, the longest period, the prior-unemployment check and the
// employer's cost after the subsidy, from the core. The staff requirements need the firm's
// figures, which the page does not ask for, so neutral ones are passed and those checks are not
// shown. The age decides the 50+ exemption from the prior-unemployment requirement and the
// 2021-22 senior supplement.
function loentilskudCase(group, hourly, hours, months, age) {
  const input = {
    start_date: $("start").value, sector: document.querySelector("input[name=sector]:checked").value,
    group, age, months_on_benefit: group === "dagpenge" ? months : "0",
    ordinary_employees: "5", subsidised_employees: "0", average_employees_12_months: "0", employees_with_hire: "1",
    weekly_hours: hours, hourly_wage: hourly,
  };
  return JSON.parse(calculate(JSON.stringify({ scheme: "loentilskud", input })));
}

function loentilskudItem(res) {
  const head = `<strong>${esc(t("loentilskud"))}</strong>`;
  if (res.errors) return `<li>${head}: ${esc(errorsSaid("loentilskud", res))}</li>`;
  const r = res.result;
  const period = r.end_date ? `${t("lt_until", { m: r.duration_months })} ${day(r.end_date)}` : t("lt_nolimit");
  // The 2021-22 senior supplement is paid on top of the rate (LAB § 80 a); the core gives both.
  const senior = format_amount(r.senior_supplement) !== "0,00" ? ` + ${t("lt_senior", { s: kr(r.senior_supplement) })}` : "";
  const step = res.trace.find((s) => s.rule === "prior_unemployment");
  const why = (lang === "da" && step?.formula_da) || step?.formula || "";
  if (!r.prior_unemployment) {
    return `<li>${head}: ${esc(t("lt_not_now"))} ${esc(why)}. ${esc(t("lt_would_be", { r: kr(r.hourly_rate) }))}${notesBlock(res)}</li>`;
  }
  return `<li>${head}: ${esc(kr(r.hourly_rate))} ${esc(t("lt_rate"))}${esc(senior)}, ${esc(period)}. <small>${esc(t("lt_staff"))}</small>${notesBlock(res)}</li>`;
}

function supportSection(situation, hours, cases) {
  const unknown = (name) => `<li><strong>${esc(name)}</strong> ${esc(t("lt_refugee"))}</li>`;
  const items = situation === "fleksjob"
    ? [`<li>${esc(t("support_fleks"))}</li>`, bonusItem("fleksjobbonus", t("bonus"), hours, cases.bonus)]
    : situation === "refugee"
      ? [unknown(t("loentilskud")), cases.bonus ? bonusItem("refugee_bonus", t("refugee_bonus"), hours, cases.bonus) : ""]
      : [loentilskudItem(cases.loentilskud)];
  return `<section class="card" id="support"><h2>${esc(t("support"))}</h2><ul>${items.join("")}</ul></section>`;
}

// A step's value as the core's `kind` says: kroner, a number or percentage (Danish decimal
// comma), a yes/no, or text.
function shown(step) {
  switch (step.kind) {
    case "amount": return kr(step.value);
    case "number": return step.value.replace(".", ",");
    case "percent": return `${step.value.replace(".", ",")} %`;
    case "flag": return step.value ? t("yes") : t("no");
    case "none": return "–";
    default: {
      // The core's words for a text value are codes (`within_first_year`) or ISO dates; say them.
      const v = String(step.value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return day(v);
      return T[lang][`value_${v.replace(/ /g, "_")}`] ?? v;
    }
  }
}

// Every amount on the page, step by step, with its legal reference and the rule-set version
// and hash it used: one expandable card per calculation.
function explanation(title, result, banner = "") {
  if (!result || result.errors) return "";
  const steps = result.trace.map((s) => {
    const da = lang === "da";
    const label = da && s.label_da ? s.label_da : s.label;
    const rounding = da && s.rounding_da ? s.rounding_da : s.rounding;
    const value = shown(s);
    const legal = s.legal.map((l) => `<a href="${esc(l.url)}" rel="noopener noreferrer">${esc(l.act)}${l.paragraph ? " " + esc(l.paragraph) : ""}</a>`).join("; ");
    return `<details><summary><span>${esc(label)}</span><span class="amount">${esc(value)}</span></summary>
      <p class="formula">${esc(da && s.formula_da ? s.formula_da : s.formula)}</p>${rounding ? `<p class="rounding">${esc(t("rounded"))} ${esc(rounding)}</p>` : ""}
      <p class="legal">${legal}</p></details>`;
  }).join("");
  const rs = result.rule_set;
  const status =
    rs.status === "derived" ? t("status_derived")
      : rs.status === "secondary" ? t("status_secondary")
        : t("status_enacted");
  const said = notes(result);
  const noteList = said.length ? `<h3>${esc(t("notes"))}</h3><ul>${said.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  return `<section class="card explanation" data-scheme="${esc(result.scheme)}"><h2>${esc(t("explain_of", { what: title }))}</h2>
    ${banner ? `<p class="warning">${esc(banner)}</p>` : ""}${steps}
    <p class="ruleset">${esc(t("rule_set"))} ${esc(rs.id)} ${esc(rs.version)} (${esc(status)}), ${esc(t("valid"))} ${esc(day(rs.valid_from))} – ${esc(rs.valid_to ? day(rs.valid_to) : t("no_end"))},
    <span title="${esc(rs.sha256)}">sha256 ${esc(rs.sha256.slice(0, 16))}…</span></p>${noteList}</section>`;
}

function whatifSection(month, hourly, hours, fulltime) {
  // Hours as the core writes them (`18.5`, not `018,50`), so the entered row is found and not doubled.
  const current = String(Number(hours));
  const wanted = new Set([10, 12, 15, 20, 25, 30].map(String));
  wanted.add(current);
  const list = [...wanted].filter((h) => Number.parseFloat(h) <= 37).sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  const res = JSON.parse(whatif(JSON.stringify({ month, hourly_wage: hourly, hours: list, full_time_wage: fulltime || null })));
  if (res.errors) return "";
  const rows = res.rows.map((r) => `<tr${r.weekly_hours === current ? ' class="current"' : ""}>
    <td>${esc(r.weekly_hours.replace(".", ","))}</td><td>${esc(kr(r.wage))}</td><td>${esc(kr(r.subsidy))}</td>
    <td>${esc(kr(r.income_before_atp))}</td><td>${esc(kr(r.income_after_atp))}</td>
    <td>${r.gain_per_extra_hour ? esc(kr(r.gain_per_extra_hour)) : "–"}</td></tr>`).join("");
  const why = res.turning_points.map((p) => `<li>${esc(t("from_hours", { h: p.weekly_hours.replace(".", ",") }))}: ${esc(lang === "da" ? p.what_da : p.what)}</li>`).join("");
  return `<section class="card"><h2>${esc(t("whatif"))}</h2>
    <div class="scroll" role="region" tabindex="0" aria-label="${esc(t("whatif"))}"><table class="whatif"><thead><tr><th scope="col">${esc(t("whatif_hours"))}</th><th scope="col">${esc(t("wage"))}</th>
    <th scope="col">${esc(t("subsidy"))}</th><th scope="col">${esc(t("whatif_income"))}</th><th scope="col">${esc(t("whatif_after"))}</th>
    <th scope="col">${esc(t("whatif_gain"))}</th></tr></thead><tbody>${rows}</tbody></table></div>
    ${why ? `<h3>${esc(t("why"))}</h3><ul>${why}</ul>` : ""}</section>`;
}

function readMonths() {
  const text = $("dagpenge-months").value.trim();
  const ok = /^\d{1,3}$/.test(text);
  setMessage("dagpenge-months", ok ? "" : t("err_months"));
  return ok ? String(Number.parseInt(text, 10)) : null;
}

function readAge() {
  const text = $("age").value.trim();
  const ok = /^\d{1,3}$/.test(text) && Number.parseInt(text, 10) >= 15 && Number.parseInt(text, 10) <= 99;
  setMessage("age", ok ? "" : t("err_age"));
  return ok ? String(Number.parseInt(text, 10)) : null;
}

function readPermit() {
  const v = $("permit").value;
  const ok = v && v <= $("start").value;
  setMessage("permit", ok ? "" : t("err_permit"));
  return ok ? v : null;
}

// The spoken summary waits until typing pauses, so a screen reader hears the answer once, not
// every intermediate one.
let announced = null;
function announce(text) {
  clearTimeout(announced);
  announced = setTimeout(() => { if ($("summary").textContent !== text) $("summary").textContent = text; }, 600);
}

function render() {
  const hourly = readAmount("hourly", true);
  const hours = readHours();
  const month = readMonth();
  const fulltime = readAmount("fulltime", false);
  const situation = $("situation").value;
  $("dagpenge-months-field").hidden = situation !== "dagpenge";
  $("permit-field").hidden = situation !== "refugee";
  const subsidised = situation === "dagpenge" || situation === "fortidspension";
  $("age-field").hidden = !subsidised;
  const months = situation === "dagpenge" ? readMonths() : "0";
  const permit = situation === "refugee" ? readPermit() : null;
  const age = subsidised ? readAge() : "";
  const out = $("results");
  if (hourly === null || hours === null || month === null || fulltime === null || months === null || age === null) {
    // No amount from earlier input stays on the page while a field is wrong.
    out.innerHTML = `<p class="card">${esc(t("fix_fields"))}</p>`;
    announce(t("fix_fields"));
    out.setAttribute("aria-busy", "false");
    return;
  }
  const input = { hourly_wage: hourly, weekly_hours: hours };
  if (fulltime) input.full_time_wage = fulltime;
  const result = JSON.parse(calculate(JSON.stringify({ scheme: "fleksloentilskud", month, input })));
  if (result.errors) {
    // The fields are checked as typed, so this is rare; the core's reason is kept as it says it.
    out.innerHTML = `<section class="card"><p class="error">${esc(t("core_error"))}</p><ul>${result.errors.map((e) => `<li lang="en">${esc(e.reason)}</li>`).join("")}</ul></section>`;
    announce(t("core_error"));
    out.setAttribute("aria-busy", "false");
    return;
  }
  const r = result.result;
  const wage = result.input.wage;
  const cases = {};
  if (situation === "fleksjob") cases.bonus = bonusCase("fleksjobbonus", hours, {});
  if (situation === "refugee" && permit) cases.bonus = bonusCase("refugee_bonus", hours, { permit_date: permit });
  if (subsidised) {
    cases.loentilskud = loentilskudCase(situation === "fortidspension" ? "foertidspension" : "dagpenge", hourly, hours, months, age);
  }
  const lt = cases.loentilskud && !cases.loentilskud.errors ? cases.loentilskud.result : null;
  let employer;
  if (lt && lt.prior_unemployment && lt.employer_cost !== null) {
    const publicWage = lt.wage_per_hour !== hourly;
    employer = `<section class="card" id="employer"><h2>${esc(t("employer_lt"))}</h2><table>
      ${row(t("wage_month"), kr(lt.wage))}${row(t("lt_month"), "− " + kr(lt.subsidy))}
      ${row(t("net_month"), kr(lt.employer_cost), "big")}${row(t("net_hour"), kr(lt.employer_cost_per_hour))}</table>
      <p class="note">${esc(t("lt_est"))}</p>
      ${publicWage ? `<p class="note">${esc(t("lt_public_wage", { w: kr(lt.wage_per_hour) }))}</p>` : ""}</section>`;
  } else {
    employer = `<section class="card" id="employer"><h2>${esc(t("employer"))}</h2><table>
      ${row(t("per_month"), kr(wage), "big")}${row(t("per_hour"), kr(hourly))}</table>
      ${lt && !lt.prior_unemployment ? `<p class="note">${esc(t("lt_not_met"))}</p>` : ""}</section>`;
  }
  let employee = "";
  if (situation === "fleksjob") {
    employee = `<section class="card" id="employee"><h2>${esc(t("employee"))}</h2><table>
      ${row(t("wage"), kr(wage))}${row(t("subsidy"), kr(r.subsidy))}${row(t("total"), kr(r.total_income), "big")}
      ${row(t("atp"), "− " + kr(r.atp))}${row(t("total_after"), kr(r.total_after_atp), "big")}
      </table>${r.cap_applied ? `<p class="note">${esc(t("lonloft_binds"))}</p>` : ""}
      ${r.cap_applied && format_amount(r.subsidy) === "0,00" ? `<p class="warning">${esc(t("lonloft_zero", { ft: kr(result.input.full_time_wage) }))}</p>` : ""}</section>`;
  } else {
    // With løntilskud the wage is the core's estimate for the month (and a public employer's fixed wage).
    const paid = lt && lt.wage !== null ? lt.wage : wage;
    employee = `<section class="card" id="employee"><h2>${esc(t("employee"))}</h2><table>${row(t("wage"), kr(paid), "big")}</table>
      <p class="note">${esc(t("not_fleks"))}</p></section>`;
  }
  const notMet = lt && !lt.prior_unemployment ? t("explain_if_met") : "";
  const explanations = situation === "fleksjob"
    ? explanation(t("fleksloentilskud"), result) + explanation(t("bonus"), cases.bonus?.plan)
    : explanation(t("loentilskud"), cases.loentilskud, notMet) + explanation(t("refugee_bonus"), cases.bonus?.plan);
  const net = lt && lt.prior_unemployment && lt.employer_cost !== null ? lt.employer_cost : wage;
  announce(t("summary_employer", { m: kr(net) })
    + (situation === "fleksjob" ? ` ${t("summary_employee", { m: kr(r.total_after_atp) })}` : ""));
  out.innerHTML = employer + employee + supportSection(situation, hours, cases)
    + (situation === "fleksjob" ? whatifSection(month, hourly, hours, fulltime) : "") + explanations;
  out.setAttribute("aria-busy", "false");
}

async function main() {
  await init();
  versions = JSON.parse(rule_sets());
  const fleks = versions.filter((v) => v.id === "fleksloentilskud");
  coverage = { from: fleks[0]?.valid_from, to: fleks[fleks.length - 1]?.valid_to };
  $("start").min = coverage.from ?? "";
  $("start").max = coverage.to ?? "";
  $("lang").addEventListener("click", () => {
    lang = lang === "da" ? "en" : "da";
    applyLanguage();
    render();
  });
  $("form").addEventListener("input", render);
  $("form").addEventListener("submit", (e) => e.preventDefault());
  applyLanguage();
  render();
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
}

main().catch((e) => {
  $("results").innerHTML = `<p class="error">${esc(e)}</p>`;
});
