// beregner's browser calculator. Every amount comes from the WebAssembly build of the same core
// as the CLI; this file only reads the form, asks the core, and shows the answer. No network.
import init, { calculate, whatif, parse_amount, format_amount, rule_sets, check_input, add_amounts } from "./pkg/beregner_wasm.js";

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
    from_hours: "fra {h} timer om ugen",
    valid: "gælder", status_derived: "afledte satser", notes: "Bemærkninger",
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
    value_ended: "ophørt", value_none: "ingen ordning", value_pause: "ordningen holdt pause",
    start_today: "Dagens dato er valgt. Ret den til den dag, ansættelsen begynder.",
    start_hint: "Ansættelsen begynder {d}.",
    warn_hourly: "Over 1.000 kr. i timen er usædvanligt. Er det en månedsløn? Beregningen vises alligevel.",
    warn_hours_fleks: "Over 37 timer om ugen er mere end fuld tid; et fleksjob er på nedsat tid. Beregningen vises alligevel.",
    missing: "Det mangler endnu", missing_intro: "Ansættelsen den {d} ligger efter de satser, der er offentliggjort. Det, der er kendt, vises; disse tal mangler:",
    missing_fleks: "Fleksløntilskuddet for {y}: satserne for {y} (det højeste tilskud og grænsen for fradraget) er ikke offentliggjort endnu.",
    missing_lt: "Løntilskuddet for en ansættelse i {y}: timesatsen for {y} er ikke offentliggjort endnu, og reglerne kan ændres af en ny beskæftigelseslov.",
    missing_when: "Satserne for {y} ventes i Beskæftigelsesministeriets satsvejledning, der normalt udkommer i december året før (december {p}); beregneren viser beløbene, når satserne er lagt ind.",
    missing_wage: "Lønnen afhænger ikke af satserne: timeløn × timer om ugen × 52 uger ÷ 12.",
    not_known: "ikke kendt endnu", subsidy_unknown: "Fleksløntilskud fra kommunen",
    ended: "ordningen er ophørt", ended_amount: "0 kr.", ended_law: "Hjemmel",
    derived_flag: "afledt sats: regnet ud fra offentliggjorte tal, ikke offentliggjort af myndighederne selv",
    secondary_flag: "sats oplyst af en kommune eller fagforening, ikke offentliggjort af myndighederne",
    derivation: "Sådan er satsen fundet", derivation_en: "(kildeteksten er på engelsk)",
    quoted_en: "Regelsættets note (på engelsk)",
    kommune: "Det vurderer jobcentret", kommune_intro: "Siden kan ikke bedømme disse betingelser; jobcentret i kommunen vurderer dem ud fra virksomhedens ansatte:",
    cond_ratio: "Rimelighedskravet: der skal være et rimeligt forhold mellem antallet af ordinært ansatte og antallet af ansatte med løntilskud.",
    cond_expansion: "Merbeskæftigelse: ansættelsen skal øge det samlede antal ansatte i virksomheden.",
    cond_assess: "vurderes af jobcentret",
    jobpraemie: "Jobpræmie til medarbejderen",
    permit_needed: "skriv datoen for opholdstilladelsen for at se, om bonussen kan udbetales.",
    share: "Del eller gem beregningen", share_button: "Kopiér link", share_copied: "Linket er kopieret.",
    share_hint: "Linket indeholder alle oplysningerne i formularen og genskaber beregningen, også uden net, når siden har været åbnet før.",
    print: "Udskriv", vejledende: "Vejledende beregning. Jobcentret i kommunen træffer afgørelsen om tilskud; beløbene er ikke et tilsagn.",
    year: "Det første år, måned for måned", year_month: "Måned", year_wage: "Løn", year_support: "Tilskud og bonus",
    year_net: "Nettoudgift", year_total: "I alt det første år", year_from: "fra {d}",
    year_note: "Hver måned regnes fra ansættelsesdatoen. Tilskud og bonus til arbejdsgiveren trækkes fra i den måned, de gælder for eller udbetales.",
    year_lt: "løntilskud", year_bonus: "bonus {d}", year_unknown: "Løntilskuddet er ikke med, fordi satsen ikke er kendt.",
    next: "Næste skridt", next_jobcenter: "Kontakt jobcentret i kommunen før {d}: tilskud aftales, før ansættelsen begynder.",
    next_fleks: "Fleksjobbet skal godkendes af kommunen; fleksløntilskuddet udbetales af kommunen til medarbejderen.",
    next_lt_end: "Løntilskuddet slutter {d}; vil I fortsætte ansættelsen uden tilskud, skal det aftales inden da.",
    next_bonus: "{b}: søg senest {d}.", next_rates: "Se beregningen igen, når satserne for {y} er offentliggjort.",
    results_first: "Resultat", to_form: "Ret oplysningerne",
    rule_set_of: "Regler: {what}, version {v}",
    status_enacted: "offentliggjorte satser", status_secondary: "satser oplyst af en kommune eller fagforening",
    status_not_covered: "ikke dækket", rule_set: "Regler", source: "kilde på {h}",
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
    from_hours: "from {h} hours a week",
    valid: "valid", status_derived: "derived rates", notes: "Notes",
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
    value_ended: "ended", value_none: "no scheme", value_pause: "the scheme was paused",
    start_today: "Today's date is chosen. Change it to the day the job starts.",
    start_hint: "The job starts {d}.",
    warn_hourly: "Over 1,000 kr. an hour is unusual. Is it a monthly salary? The calculation is shown anyway.",
    warn_hours_fleks: "Over 37 hours a week is more than full time; a flex-job is reduced hours. The calculation is shown anyway.",
    missing: "Still missing", missing_intro: "The hire on {d} is after the rates published so far. What is known is shown; these figures are missing:",
    missing_fleks: "The fleksløntilskud for {y}: the {y} rates (the maximum subsidy and the deduction threshold) are not published yet.",
    missing_lt: "The løntilskud for a hire in {y}: the {y} hourly rate is not published yet, and a new employment act may change the rules.",
    missing_when: "The {y} rates are expected in the Ministry of Employment's rates guidance, normally published in December of the year before (December {p}); the calculator shows the amounts once they are added.",
    missing_wage: "The wage does not depend on the rates: hourly wage × weekly hours × 52 weeks ÷ 12.",
    not_known: "not known yet", subsidy_unknown: "Fleksløntilskud from the municipality",
    ended: "the scheme has ended", ended_amount: "0 kr.", ended_law: "Legal basis",
    derived_flag: "derived rate: computed from published figures, not published by the authorities themselves",
    secondary_flag: "rate stated by a municipality or union, not published by the authorities",
    derivation: "How the rate was found", derivation_en: "",
    quoted_en: "The rule set's note",
    kommune: "For the jobcentre to assess", kommune_intro: "The page cannot judge these conditions; the municipality's jobcentre assesses them from the firm's staff:",
    cond_ratio: "The ratio requirement (rimelighedskrav): a reasonable ratio between ordinary staff and staff with løntilskud.",
    cond_expansion: "Net expansion (merbeskæftigelse): the hire must increase the firm's total staff.",
    cond_assess: "assessed by the jobcentre",
    jobpraemie: "Jobpræmie for the employee",
    permit_needed: "enter the residence permit date to see whether the bonus can be paid.",
    share: "Share or save the calculation", share_button: "Copy link", share_copied: "The link is copied.",
    share_hint: "The link holds every input of the form and restores the calculation, offline too once the page has been opened.",
    print: "Print", vejledende: "An indicative calculation. The municipality's jobcentre decides on subsidies; the amounts are not a promise.",
    year: "The first year, month by month", year_month: "Month", year_wage: "Wage", year_support: "Subsidies and bonuses",
    year_net: "Net cost", year_total: "Total for the first year", year_from: "from {d}",
    year_note: "Each month counts from the hire date. Subsidies and bonuses to the employer are deducted in the month they cover or are paid in.",
    year_lt: "løntilskud", year_bonus: "bonus {d}", year_unknown: "The løntilskud is left out, as its rate is not known.",
    next: "Next steps", next_jobcenter: "Contact the municipality's jobcentre before {d}: subsidies are agreed before the job starts.",
    next_fleks: "The flex-job must be approved by the municipality; it pays the fleksløntilskud to the employee.",
    next_lt_end: "The løntilskud ends {d}; to keep the employee without a subsidy, agree it before then.",
    next_bonus: "{b}: apply by {d}.", next_rates: "Look at the calculation again once the {y} rates are published.",
    results_first: "Result", to_form: "Change the inputs",
    rule_set_of: "Rules: {what}, version {v}",
    status_enacted: "published rates", status_secondary: "rates stated by a municipality or union",
    status_not_covered: "not covered", rule_set: "Rules", source: "source at {h}",
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
// The schemes the page computes (and whose coverage it states).
const PAGE_RULE_SETS = "fleksloentilskud,loentilskud,fleksjobbonus,refugee_bonus,jobpraemie";

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
// The hire date decides the month; a date after the published rates is not an error (the page
// shows what is known and what is missing), one before the first rule set is.
function readMonth() {
  const v = $("start").value;
  if (!v) {
    setMessage("start", t("err_date"));
    return null;
  }
  if (coverage.from && v < coverage.from) {
    setMessage("start", t("err_not_covered", { from: day(coverage.from), to: day(coverage.to) }));
    return null;
  }
  setMessage("start", "");
  const hint = $("start-msg");
  hint.classList.add("hint");
  hint.textContent = v === today ? t("start_today") : t("start_hint", { d: day(v) });
  return v.slice(0, 7);
}

// A warning beside a field: it says what looks wrong and does not stop the calculation.
function warn(id, text) {
  const msg = $(`${id}-msg`);
  if ($(id).getAttribute("aria-invalid") === "true") return;
  msg.classList.toggle("warn", Boolean(text));
  if (msg.textContent !== text) msg.textContent = text;
}

function row(label, value, cls = "", flag = "") {
  return `<tr class="${cls}"><th scope="row">${esc(label)}${flag}</th><td>${esc(value)}</td></tr>`;
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

// A scheme that has ended (or did not run) for this date: the core answers "not eligible,
// 0 kr." with the reason and the act in its `version` step.
const endedStep = (res) => res && !res.errors && res.trace.find((s) => s.inputs && s.inputs.no_scheme === true);

// Link texts in the reader's language: an act's name as the rule set cites it when it reads as
// Danish, else "kilde på star.dk" (some citations carry English working notes).
const ENGLISH = /\b(the|from|and|with|by|per|rates?|regulated|not|found|only|since|earlier|law|months|which|no|year|stated|in)\b/i;
function legalLinks(legal) {
  return legal.map((l) => {
    let name = `${l.act}${l.paragraph ? ` ${l.paragraph}` : ""}`;
    if (lang === "da") {
      // A parenthesis of working notes in English is left out; a Danish one (the act's number) kept.
      const paren = l.act.match(/\s*\((.*)\)\s*$/s);
      const act = paren && ENGLISH.test(paren[1]) ? l.act.slice(0, paren.index) : l.act;
      const host = l.url ? new URL(l.url).hostname.replace(/^www\./, "") : "";
      name = ENGLISH.test(act) ? t("source", { h: host }) : `${act}${l.paragraph ? ` ${l.paragraph}` : ""}`;
    }
    return l.url ? `<a href="${esc(l.url)}" rel="noopener noreferrer">${esc(name)}</a>` : esc(name);
  }).join("; ");
}

function endedItem(name, res) {
  const step = endedStep(res);
  const why = lang === "da" && step.formula_da ? step.formula_da : step.formula;
  return `<li class="ended"><strong>${esc(name)}</strong>: ${esc(t("ended"))}, ${esc(t("ended_amount"))} – ${esc(why)}.
    <span class="legal">${esc(t("ended_law"))}: ${legalLinks(step.legal)}</span></li>`;
}

// Notes the core attaches to a result (an unknown end date, derived rates, de minimis aid): the
// plain words stay visible; a derivation (the rule set's working, in English) sits behind a
// disclosure, marked as English.
function notes(res) {
  return (lang === "da" && res.notes_da) || res.notes || [];
}
const DERIVED_DA = /^(.*?) er afledt, ikke offentliggjort \(udledningen, som regelsættet skriver den: (.*)\)$/s;
// A derivation the rule set gives in Danish too (`derivation_da`): shown as Danish.
const DERIVED_DA_OWN = /^(.*?) er afledt, ikke offentliggjort: (.*)$/s;
const DERIVED_EN = /^(.*?) is derived, not published: (.*)$/s;
function isDerivation(n) { return DERIVED_DA.test(n) || DERIVED_DA_OWN.test(n) || DERIVED_EN.test(n); }
// A figure quoted by a municipality or union: flagged beside the amount in plain words, the
// parameter and who quoted it behind the same disclosure as a derivation.
const SECONDARY_DA = /^(.*?) er et sekundært tal: (.*)$/s;
const SECONDARY_EN = /^(.*?) is a secondary figure, (.*)$/s;
function isSecondary(n) { return SECONDARY_DA.test(n) || SECONDARY_EN.test(n); }
function isWorking(n) { return isDerivation(n) || isSecondary(n); }
// In Danish, the rule set's working is English where it quotes the rule set ("som regelsættet
// skriver den"), Danish where the rule set gives its own Danish.
function workingLang(n) {
  if (lang !== "da") return "en";
  return DERIVED_DA_OWN.test(n) || (SECONDARY_DA.test(n) && !n.includes("som regelsættet skriver den")) ? "da" : "en";
}
function derivationBlock(res) {
  const working = notes(res).filter(isWorking);
  const list = working.map((n) => {
    const m = n.match(DERIVED_DA) ?? n.match(DERIVED_DA_OWN) ?? n.match(DERIVED_EN) ?? n.match(SECONDARY_DA) ?? n.match(SECONDARY_EN);
    return `<li><code>${esc(m[1])}</code>: <span lang="${workingLang(n)}">${esc(m[2])}</span></li>`;
  });
  if (!list.length) return "";
  const english = working.some((n) => workingLang(n) === "en") ? ` ${esc(t("derivation_en"))}` : "";
  return `<details class="derivation"><summary><span>${esc(t("derivation"))}${english}</span></summary><ul>${list.join("")}</ul></details>`;
}
// A Danish note may quote a rule set's own note that has no Danish (a `regulate` draft's): the
// core marks it "(på engelsk)"; that part goes behind a disclosure, marked as English.
const QUOTED_DA = /^(.*?)\s*(?:Regelsættets note:\s*)?\(på engelsk\)\s*(.*)$/s;
function noteSaid(n) {
  const m = lang === "da" ? n.match(QUOTED_DA) : null;
  if (!m) return esc(n);
  return `${esc(m[1])} <details class="derivation"><summary><span>${esc(t("quoted_en"))}</span></summary><p lang="en">${esc(m[2])}</p></details>`;
}
function notesBlock(res) {
  return notes(res).filter((n) => !isWorking(n))
    .map((n) => `<div class="warning"><strong>${esc(t("warning"))}:</strong> ${noteSaid(n)}</div>`).join("") + derivationBlock(res);
}
// Beside an amount computed from derived rates: said in plain words.
function derivedFlag(res) {
  if (!res || res.errors) return "";
  if (res.rule_set.status === "secondary") return ` <span class="flag">${esc(t("secondary_flag"))}</span>`;
  const derived = res.rule_set.status === "derived" || notes(res).some(isDerivation);
  if (derived) return ` <span class="flag">${esc(t("derived_flag"))}</span>`;
  return notes(res).some(isSecondary) ? ` <span class="flag">${esc(t("secondary_flag"))}</span>` : "";
}

function bonusItem(id, name, hours, cases) {
  const head = `<strong>${esc(name)}</strong>`;
  const { plan, first } = cases;
  if (endedStep(plan)) return endedItem(name, plan);
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
  return `<li>${head}: ${esc(running)}${esc(t("bonus_possible"))} ${esc(withHours)}: ${esc(due)}${esc(deadline)}.${esc(conditions)}${derivedFlag(plan)}${notesBlock(plan)}</li>`;
}

// Løntilskud for this hire: the rate, the longest period, the prior-unemployment check and the
// employer's cost after the subsidy, from the core. The staff requirements need the firm's
// figures, which the page does not ask for: neutral ones are passed so the core answers, and the
// page lists those conditions as the jobcentre's to assess (never as met). The age decides the
// 50+ exemption from the prior-unemployment requirement and the 2021-22 senior supplement.
function loentilskudCase(group, hourly, hours, months, age) {
  const input = {
    start_date: $("start").value, sector: document.querySelector("input[name=sector]:checked").value,
    group, age, months_on_benefit: group === "dagpenge" ? months : "0",
    ordinary_employees: "5", subsidised_employees: "0", average_employees_12_months: "0", employees_with_hire: "1",
    weekly_hours: hours, hourly_wage: hourly,
  };
  return JSON.parse(calculate(JSON.stringify({ scheme: "loentilskud", input })));
}
// The steps the page cannot judge, and what each requires.
const ASSESSED = { ratio: "cond_ratio", expansion: "cond_expansion" };

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
    return `<li>${head}: ${esc(t("lt_not_now"))} ${esc(why)}. ${esc(t("lt_would_be", { r: kr(r.hourly_rate) }))}${derivedFlag(res)}${notesBlock(res)}</li>`;
  }
  return `<li>${head}: ${esc(kr(r.hourly_rate))} ${esc(t("lt_rate"))}${esc(senior)}, ${esc(period)}.${derivedFlag(res)}${notesBlock(res)}</li>`;
}

function assessedSection(res) {
  if (!res || res.errors || endedStep(res)) return "";
  const items = res.trace.filter((s) => ASSESSED[s.rule])
    .map((s) => `<li>${esc(t(ASSESSED[s.rule]))} <span class="legal">${legalLinks(s.legal)}</span></li>`);
  if (!items.length) return "";
  return `<section class="card" id="assess"><h2>${esc(t("kommune"))}</h2><p>${esc(t("kommune_intro"))}</p><ul>${items.join("")}</ul></section>`;
}

function supportSection(situation, hours, cases) {
  const unknown = (name) => `<li><strong>${esc(name)}</strong> ${esc(t("lt_refugee"))}</li>`;
  let items;
  if (situation === "fleksjob") {
    items = [`<li>${esc(t("support_fleks"))}</li>`, bonusItem("fleksjobbonus", t("bonus"), hours, cases.bonus)];
  } else if (situation === "refugee") {
    items = [unknown(t("loentilskud")), cases.bonus ? bonusItem("refugee_bonus", t("refugee_bonus"), hours, cases.bonus)
      : `<li><strong>${esc(t("refugee_bonus"))}</strong>: ${esc(t("permit_needed"))}</li>`];
  } else {
    items = [cases.loentilskud.errors && cases.future ? "" : loentilskudItem(cases.loentilskud)];
  }
  if (endedStep(cases.jobpraemie)) items.push(endedItem(t("jobpraemie"), cases.jobpraemie));
  return `<section class="card" id="support"><h2>${esc(t("support"))}</h2><ul>${items.join("")}</ul></section>`;
}

// A step's value as the core's `kind` says: kroner, a number or percentage (Danish decimal
// comma), a yes/no, or text. Steps the page cannot judge say so instead of a yes.
function shown(step) {
  if (ASSESSED[step.rule]) return t("cond_assess");
  switch (step.kind) {
    case "amount": return kr(step.value);
    case "number": return lang === "da" ? step.value.replace(".", ",") : step.value;
    case "percent": return `${lang === "da" ? step.value.replace(".", ",") : step.value} %`;
    case "flag": return step.value ? t("yes") : t("no");
    case "none": return "–";
    default: {
      // The core's words for a text value are codes (`within_first_year`), ISO dates or a
      // version's name (`2025-ended`); say them.
      const v = String(step.value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return day(v);
      const tail = v.match(/^\d{4}(?:-\d{2})?-(ended|none|pause)$/);
      if (tail) return t(`value_${tail[1]}`);
      return T[lang][`value_${v.replace(/ /g, "_")}`] ?? v.replace(/_/g, " ");
    }
  }
}

// Every amount on the page, step by step, with its legal reference and the rule-set version
// it used: one expandable card per calculation.
function explanation(title, result, banner = "") {
  if (!result || result.errors) return "";
  const da = lang === "da";
  const steps = result.trace.map((s) => {
    const label = da && s.label_da ? s.label_da : s.label;
    // The rounding's rule-set key (`rounding.wage`) is for the auditor, not the reader.
    const rounding = (da && s.rounding_da ? s.rounding_da : s.rounding)?.replace(/\s*\(rounding\.[a-z_]+\)/, "");
    const formula = ASSESSED[s.rule] ? t(ASSESSED[s.rule]) : (da && s.formula_da ? s.formula_da : s.formula);
    return `<details><summary><span>${esc(label)}</span><span class="amount">${esc(shown(s))}</span></summary>
      <p class="formula">${esc(formula)}</p>${rounding ? `<p class="rounding">${esc(t("rounded"))} ${esc(rounding)}</p>` : ""}
      <p class="legal">${legalLinks(s.legal)}</p></details>`;
  }).join("");
  const rs = result.rule_set;
  const status = t(`status_${rs.status}`);
  const said = notes(result).filter((n) => !isWorking(n));
  const noteList = said.length ? `<h3>${esc(t("notes"))}</h3><ul>${said.map((n) => `<li>${noteSaid(n)}</li>`).join("")}</ul>` : "";
  return `<section class="card explanation" data-scheme="${esc(result.scheme)}"><h2>${esc(t("explain_of", { what: title }))}</h2>
    ${banner ? `<p class="warning">${esc(banner)}</p>` : ""}${steps}
    <p class="ruleset">${esc(t("rule_set_of", { what: title, v: rs.version.replace(/-(ended|none|pause)$/, (_, k) => ` (${t(`value_${k}`)})`) }))} (${esc(status)}), ${esc(t("valid"))} ${esc(day(rs.valid_from))} – ${esc(rs.valid_to ? day(rs.valid_to) : t("no_end"))},
    <span title="${esc(rs.sha256)}">sha256 ${esc(rs.sha256.slice(0, 16))}…</span></p>${noteList}${derivationBlock(result)}</section>`;
}

function whatifSection(month, hourly, hours, fulltime) {
  // Hours as the core writes them (`18.5`, not `018,50`), so the entered row is found and not doubled.
  const current = String(Number(hours));
  const wanted = new Set([10, 12, 15, 20, 25, 30].map(String));
  wanted.add(current);
  const list = [...wanted].filter((h) => Number.parseFloat(h) <= 37).sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  const res = JSON.parse(whatif(JSON.stringify({ month, hourly_wage: hourly, hours: list, full_time_wage: fulltime || null })));
  if (res.errors) return "";
  // Amounts without "kr." in the cells (the headings say it), so all six columns fit.
  const heads = [t("whatif_hours"), ...[t("wage"), t("subsidy"), t("whatif_income"), t("whatif_after"), t("whatif_gain")].map((h) => `${h} (${t("kr")})`)];
  const kr = format_amount;
  const cell = (i, v) => `<td data-label="${esc(heads[i])}">${esc(v)}</td>`;
  const rows = res.rows.map((r) => `<tr${r.weekly_hours === current ? ' class="current"' : ""}>
    ${cell(0, r.weekly_hours.replace(".", ","))}${cell(1, kr(r.wage))}${cell(2, kr(r.subsidy))}
    ${cell(3, kr(r.income_before_atp))}${cell(4, kr(r.income_after_atp))}
    ${cell(5, r.gain_per_extra_hour ? kr(r.gain_per_extra_hour) : "–")}</tr>`).join("");
  const why = res.turning_points.map((p) => `<li>${esc(t("from_hours", { h: p.weekly_hours.replace(".", ",") }))}: ${esc(lang === "da" ? p.what_da : p.what)}</li>`).join("");
  return `<section class="card" id="whatif"><h2>${esc(t("whatif"))}</h2>
    <table class="whatif"><thead><tr>${heads.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>
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

// The permit date is needed only where the bonus ran (hires to 30 June 2019); for a later hire
// the core answers that the scheme has ended without it.
function readPermit() {
  const v = $("permit").value;
  const ok = !v || v <= $("start").value;
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

// Dates as labels only (no amount depends on them): the day `n` months after `iso`, kept within
// the month (31 January + 1 month = 28/29 February).
function addMonths(iso, n) {
  const [y, m, d] = iso.split("-").map(Number);
  const total = (m - 1) + n;
  const year = y + Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
const sum = (list) => JSON.parse(add_amounts(JSON.stringify(list))).value ?? "0.00";
const neg = (a) => (a.startsWith("-") ? a.slice(1) : `-${a}`);

// The first year of the hire, month by month from the hire date: the wage, what the employer
// receives (løntilskud while it runs, a bonus in the month it is due) and the net cost. Every
// amount is the core's; the page only places them in months and adds them exactly.
function firstYear(start, wage, lt, bonus, unknownLt) {
  const payments = [];
  const plan = bonus?.plan;
  if (plan && !plan.errors && plan.result.status !== "not_eligible" && !endedStep(plan)) {
    const r = plan.result;
    const list = r.first_payment_due ? [[r.first_payment, r.first_payment_due], [r.second_payment, r.second_payment_due]] : [[r.amount, r.payment_due]];
    for (const [a, d] of list) if (d && format_amount(a) !== "0,00") payments.push({ amount: a, due: d });
  }
  const rows = [];
  const nets = [];
  const wages = [];
  for (let k = 0; k < 12; k += 1) {
    const from = addMonths(start, k);
    const to = addMonths(start, k + 1);
    const support = [];
    const said = [];
    if (lt && lt.prior_unemployment && lt.subsidy !== null && (!lt.end_date || from <= lt.end_date)) {
      support.push(lt.subsidy);
      said.push(`${kr(lt.subsidy)} ${t("year_lt")}`);
    }
    for (const p of payments) {
      if (p.due >= from && p.due < to) {
        support.push(p.amount);
        said.push(`${kr(p.amount)} ${t("year_bonus", { d: day(p.due) })}`);
      }
    }
    const net = sum([wage, ...support.map(neg)]);
    nets.push(net);
    wages.push(wage);
    rows.push(`<tr><th scope="row">${k + 1}. <span class="muted">${esc(t("year_from", { d: day(from) }))}</span></th>
      <td data-label="${esc(t("year_wage"))}">${esc(kr(wage))}</td><td data-label="${esc(t("year_support"))}">${said.length ? esc(said.map((s) => `− ${s}`).join(", ")) : "–"}</td>
      <td data-label="${esc(t("year_net"))}">${esc(kr(net))}</td></tr>`);
  }
  const totalWage = sum(wages);
  const totalNet = sum(nets);
  const totalSupport = sum([totalWage, neg(totalNet)]);
  return `<section class="card" id="year"><h2>${esc(t("year"))}</h2>
    <table class="year"><thead><tr><th scope="col">${esc(t("year_month"))}</th><th scope="col">${esc(t("year_wage"))}</th><th scope="col">${esc(t("year_support"))}</th><th scope="col">${esc(t("year_net"))}</th></tr></thead>
    <tbody>${rows.join("")}</tbody><tfoot><tr class="big"><th scope="row">${esc(t("year_total"))}</th><td data-label="${esc(t("year_wage"))}">${esc(kr(totalWage))}</td>
    <td data-label="${esc(t("year_support"))}">${format_amount(totalSupport) === "0,00" ? "–" : esc(`− ${kr(totalSupport)}`)}</td><td data-label="${esc(t("year_net"))}">${esc(kr(totalNet))}</td></tr></tfoot></table>
    <p class="note">${esc(t("year_note"))}</p>${unknownLt ? `<p class="note">${esc(t("year_unknown"))}</p>` : ""}</section>`;
}

function nextSteps(situation, start, lt, bonus, future) {
  const items = [`<li>${esc(t("next_jobcenter", { d: day(start) }))}</li>`];
  if (situation === "fleksjob") items.push(`<li>${esc(t("next_fleks"))}</li>`);
  const r = bonus?.plan && !bonus.plan.errors && !endedStep(bonus.plan) ? bonus.plan.result : null;
  if (r && r.status !== "not_eligible" && r.application_deadline) {
    items.push(`<li>${esc(t("next_bonus", { b: situation === "fleksjob" ? t("bonus") : t("refugee_bonus"), d: day(r.application_deadline) }))}</li>`);
  }
  if (lt && lt.prior_unemployment && lt.end_date) items.push(`<li>${esc(t("next_lt_end", { d: day(lt.end_date) }))}</li>`);
  if (future) items.push(`<li>${esc(t("next_rates", { y: start.slice(0, 4) }))}</li>`);
  return `<section class="card" id="next"><h2>${esc(t("next"))}</h2><ol>${items.join("")}</ol></section>`;
}

// When the missing rates are expected: the ministry's "Vejledning om satser" for a year comes out
// in December of the year before (e.g. vejledning nr. 10391 af 19/12/2022 for 2023,
// http://www.socialjura.dk/content-storage/regler/2022/vejl-10391-af-1912-2022/).
function missingSection(start, list) {
  const year = Number(start.slice(0, 4));
  return `<section class="card missing" id="missing"><h2>${esc(t("missing"))}</h2><p>${esc(t("missing_intro", { d: day(start) }))}</p>
    <ul>${list.map((k) => `<li>${esc(t(k, { y: year }))}</li>`).join("")}</ul>
    <p>${esc(t("missing_when", { y: year, p: year - 1 }))}</p><p class="note">${esc(t("missing_wage"))}</p></section>`;
}

// The share link: every input of the form in the address, so it restores the calculation.
const FIELDS = { lon: "hourly", timer: "hours", dato: "start", fuldtid: "fulltime", situation: "situation", mdr: "dagpenge-months", alder: "age", ophold: "permit" };
function shareUrl() {
  const q = new URLSearchParams();
  for (const [k, id] of Object.entries(FIELDS)) if ($(id).value) q.set(k, $(id).value);
  q.set("sektor", document.querySelector("input[name=sector]:checked").value);
  q.set("sprog", lang);
  return `${location.origin}${location.pathname}?${q}`;
}
function restore() {
  const q = new URLSearchParams(location.search);
  for (const [k, id] of Object.entries(FIELDS)) if (q.has(k)) $(id).value = q.get(k);
  const sector = q.get("sektor");
  if (sector === "public" || sector === "private") document.querySelector(`input[name=sector][value=${sector}]`).checked = true;
  if (q.get("sprog") === "en") lang = "en";
  return q.has("dato");
}
function shareSection() {
  return `<section class="card" id="share"><h2>${esc(t("share"))}</h2>
    <p><label for="share-link" class="visually-hidden">${esc(t("share"))}</label><input id="share-link" readonly value="${esc(shareUrl())}"></p>
    <p class="actions"><button type="button" id="copy">${esc(t("share_button"))}</button> <button type="button" id="print">${esc(t("print"))}</button>
    <span id="copied" role="status"></span></p><p class="note">${esc(t("share_hint"))}</p></section>`;
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
  const permit = situation === "refugee" ? readPermit() : "";
  const age = subsidised ? readAge() : "";
  // Plausibility: warned beside the field, never blocking.
  if (hourly !== null) warn("hourly", Number(hourly) > 1000 ? t("warn_hourly") : "");
  if (hours !== null) warn("hours", situation === "fleksjob" && Number(hours) > 37 ? t("warn_hours_fleks") : "");
  history.replaceState(null, "", shareUrl());
  const out = $("results");
  if (hourly === null || hours === null || month === null || fulltime === null || months === null || age === null || permit === null) {
    // No amount from earlier input stays on the page while a field is wrong.
    out.innerHTML = `<p class="card">${esc(t("fix_fields"))}</p>`;
    announce(t("fix_fields"));
    out.setAttribute("aria-busy", "false");
    return;
  }
  const start = $("start").value;
  // After the last published fleksløntilskud rates: the wage is still known (it does not depend
  // on the rates), so it is computed in the last covered month and only the wage is used.
  const future = coverage.to && start > coverage.to;
  const input = { hourly_wage: hourly, weekly_hours: hours };
  if (fulltime) input.full_time_wage = fulltime;
  const result = JSON.parse(calculate(JSON.stringify({ scheme: "fleksloentilskud", month: future ? coverage.to.slice(0, 7) : month, input })));
  if (result.errors) {
    // The fields are checked as typed, so this is rare; the core's reason is kept as it says it.
    out.innerHTML = `<section class="card"><p class="error">${esc(t("core_error"))}</p><ul>${result.errors.map((e) => `<li lang="en">${esc(e.reason)}</li>`).join("")}</ul></section>`;
    announce(t("core_error"));
    out.setAttribute("aria-busy", "false");
    return;
  }
  const fleks = future ? null : result;
  const r = fleks?.result;
  const missing = [];
  if (future && situation === "fleksjob") missing.push("missing_fleks");
  const cases = { future };
  if (situation === "fleksjob") cases.bonus = bonusCase("fleksjobbonus", hours, {});
  if (situation === "refugee") {
    // Without a permit date the core is asked with the hire date in its place: where the scheme
    // has ended the answer does not read it and is shown; where it ran, the date is asked for.
    const probe = bonusCase("refugee_bonus", hours, { permit_date: permit || start });
    cases.bonus = permit || endedStep(probe.plan) ? probe : null;
    if (!cases.bonus) cases.permitNeeded = true;
  }
  if (subsidised) {
    cases.loentilskud = loentilskudCase(situation === "fortidspension" ? "foertidspension" : "dagpenge", hourly, hours, months, age);
    if (cases.loentilskud.errors && uncovered("loentilskud", start) && start > coverage.from) {
      const lts = versions.filter((v) => v.id === "loentilskud" && v.status !== "not_covered");
      if (lts.length && start > lts[lts.length - 1].valid_to) missing.push("missing_lt");
    }
  }
  if (situation === "dagpenge") {
    cases.jobpraemie = JSON.parse(calculate(JSON.stringify({ scheme: "jobpraemie", month, input: {
      income: result.input.wage, benefit_group: "dagpenge", on_benefit_at_reference: "true", months_paid: "0" } })));
  }
  const lt = cases.loentilskud && !cases.loentilskud.errors ? cases.loentilskud.result : null;
  // One wage for the hire on both cards: the løntilskud calculation's where it applies (its net
  // cost is wage − subsidy for the same hours), else the flex-job calculation's.
  const wage = lt && lt.wage !== null ? lt.wage : result.input.wage;
  const ltRuns = lt && lt.prior_unemployment && lt.employer_cost !== null;
  let employer;
  if (ltRuns) {
    const publicWage = lt.wage_per_hour !== hourly;
    employer = `<section class="card" id="employer"><h2>${esc(t("employer_lt"))}</h2><table>
      ${row(t("wage_month"), kr(lt.wage))}${row(t("lt_month"), "− " + kr(lt.subsidy), "", derivedFlag(cases.loentilskud))}
      ${row(t("net_month"), kr(lt.employer_cost), "big")}${row(t("net_hour"), kr(lt.employer_cost_per_hour))}</table>
      <p class="note">${esc(t("lt_est"))}</p>
      ${publicWage ? `<p class="note">${esc(t("lt_public_wage", { w: kr(lt.wage_per_hour) }))}</p>` : ""}</section>`;
  } else {
    employer = `<section class="card" id="employer"><h2>${esc(t("employer"))}</h2><table>
      ${row(t("per_month"), kr(wage), "big")}${row(t("per_hour"), kr(lt ? lt.wage_per_hour : hourly))}</table>
      ${lt && !lt.prior_unemployment ? `<p class="note">${esc(t("lt_not_met"))}</p>` : ""}</section>`;
  }
  let employee = "";
  if (situation === "fleksjob" && r) {
    employee = `<section class="card" id="employee"><h2>${esc(t("employee"))}</h2><table>
      ${row(t("wage"), kr(wage))}${row(t("subsidy"), kr(r.subsidy), "", derivedFlag(fleks))}${row(t("total"), kr(r.total_income), "big")}
      ${row(t("atp"), "− " + kr(r.atp))}${row(t("total_after"), kr(r.total_after_atp), "big")}
      </table>${r.cap_applied ? `<p class="note">${esc(t("lonloft_binds"))}</p>` : ""}
      ${r.cap_applied && format_amount(r.subsidy) === "0,00" ? `<p class="warning">${esc(t("lonloft_zero", { ft: kr(result.input.full_time_wage) }))}</p>` : ""}</section>`;
  } else if (situation === "fleksjob") {
    employee = `<section class="card" id="employee"><h2>${esc(t("employee"))}</h2><table>
      ${row(t("wage"), kr(wage), "big")}${row(t("subsidy_unknown"), t("not_known"))}</table></section>`;
  } else {
    employee = `<section class="card" id="employee"><h2>${esc(t("employee"))}</h2><table>${row(t("wage"), kr(wage), "big")}</table>
      <p class="note">${esc(t("not_fleks"))}</p></section>`;
  }
  const notMet = lt && !lt.prior_unemployment ? t("explain_if_met") : "";
  const explanations = situation === "fleksjob"
    ? explanation(t("fleksloentilskud"), fleks) + explanation(t("bonus"), cases.bonus?.plan)
    : explanation(t("loentilskud"), cases.loentilskud, notMet) + explanation(t("refugee_bonus"), cases.bonus?.plan)
      + explanation(t("jobpraemie"), cases.jobpraemie);
  const net = ltRuns ? lt.employer_cost : wage;
  announce(t("summary_employer", { m: kr(net) })
    + (r && situation === "fleksjob" ? ` ${t("summary_employee", { m: kr(r.total_after_atp) })}` : ""));
  const summary = `<div id="summary-block"><p class="vejledende">${esc(t("vejledende"))}</p>`
    + employer + employee + (missing.length ? missingSection(start, missing) : "") + supportSection(situation, hours, cases)
    + assessedSection(cases.loentilskud) + firstYear(start, wage, ltRuns ? lt : null, cases.bonus, missing.includes("missing_lt"))
    + nextSteps(situation, start, lt, cases.bonus, missing.length > 0) + "</div>";
  out.innerHTML = summary + shareSection()
    + (situation === "fleksjob" && fleks ? whatifSection(month, hourly, hours, fulltime) : "")
    + `<div id="explanations">${explanations}</div>`;
  $("copy").addEventListener("click", async () => {
    $("share-link").select();
    try { await navigator.clipboard.writeText($("share-link").value); $("copied").textContent = t("share_copied"); } catch { document.execCommand?.("copy"); }
  });
  $("print").addEventListener("click", () => window.print());
  out.setAttribute("aria-busy", "false");
}

// Today in the browser's clock, as the date field writes it (the core itself never reads a clock).
const localDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
let today = "";

async function main() {
  // Marks for the browser test's timing report: module compiled, rule sets loaded, first answer.
  await init();
  performance.mark("beregner:compiled");
  // Only the rule sets the page computes with: each is decoded when first asked for.
  versions = JSON.parse(rule_sets(PAGE_RULE_SETS));
  performance.mark("beregner:rules-loaded");
  // The dates with published (or derived) rates; a `not_covered` version (2027: rates not
  // published) is where the page shows what is known and what is missing.
  const fleks = versions.filter((v) => v.id === "fleksloentilskud" && v.status !== "not_covered");
  coverage = { from: fleks[0]?.valid_from, to: fleks[fleks.length - 1]?.valid_to };
  $("start").min = coverage.from ?? "";
  today = localDay(new Date());
  if (!restore()) $("start").value = today;
  $("lang").addEventListener("click", () => {
    lang = lang === "da" ? "en" : "da";
    applyLanguage();
    render();
  });
  $("form").addEventListener("input", render);
  $("form").addEventListener("submit", (e) => e.preventDefault());
  // A printout carries the whole explanation, after the summary page.
  window.addEventListener("beforeprint", () => document.querySelectorAll("#explanations details").forEach((d) => { d.open = true; }));
  applyLanguage();
  render();
  performance.mark("beregner:first-render");
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
}

main().catch((e) => {
  $("results").innerHTML = `<p class="error">${esc(e)}</p>`;
});
