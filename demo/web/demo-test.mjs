// The demo's browser scenario (issues "Demo", "Contain", "Alert"), in headless Chromium as Alice: wait in the response
// room for the proactive AMP alert about the infected host (the AMP simulator reports it a few seconds after start)
// and check its buttons; open an incident from it and see its room appear; then, in her direct room with the bot, investigate the host, check the rendered card
// (verdict, host facts, location), press Quarantine, confirm, and see the host quarantined; then investigate the host's
// IP and see irflow's quarantine ("Quarantined by …") with Unquarantine, not Quarantine; then investigate "web01", which
// names two computers, see the "Which computer?" card list both, choose one and see its host card. Screenshots go to target/.
//
// Usage: node demo/web/demo-test.mjs <baseUrl> [--timeout MS]      Exit 0 on success, 1 on failure.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const baseUrl = args.find((a) => /^https?:\/\//.test(a));
const i = args.indexOf("--timeout");
const timeout = i >= 0 ? Number(args[i + 1]) : 30000;
if (!baseUrl) {
  console.error("usage: node demo/web/demo-test.mjs <baseUrl> [--timeout MS]");
  process.exit(2);
}
mkdirSync(path.join(root, "target", "screenshots"), { recursive: true });
const shot = (name) => path.join(root, "target", name);

// How tall a card's first screen is: from the card's top to the bottom of its last button (Details still folded).
const firstScreen = (card) => card.evaluate((el) => {
  const buttons = [...el.querySelectorAll(".ac-pushButton")].filter((b) => b.offsetParent !== null);
  const bottom = Math.max(...buttons.map((b) => b.getBoundingClientRect().bottom));
  return Math.round(bottom - el.getBoundingClientRect().top);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
const problems = [];
page.on("pageerror", (e) => problems.push("page error: " + e.message));

const cardWith = (text) => page.locator(".ac-adaptiveCard").filter({ hasText: text }).last();
let ok = false;
try {
  await page.goto(new URL("/?as=alice", baseUrl).href, { waitUntil: "domcontentloaded" });
  await page.locator('.room[data-room-type="direct"]').first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });

  // The proactive alert: AMP reports the infected host shortly after start; the card arrives in the IRT room by itself.
  await page.locator('.room[data-room-type="group"]').first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  const alert = page.locator(".ac-adaptiveCard").filter({ hasText: "AMP for Endpoints" }).filter({ hasText: "WKS-FIN-042" }).first();
  await alert.waitFor({ timeout: Math.max(timeout, 45000) });
  // Five buttons at most: Block hash gives way to Open incident and I'm on it (/block still does it). The
  // containment buttons name the host they act on.
  for (const button of ["Investigate", "Quarantine WKS-FIN-042", "Isolate WKS-FIN-042", "Open incident", "I'm on it"]) {
    if ((await alert.getByRole("button", { name: button, exact: true }).count()) === 0) {
      throw new Error(`alert card lacks the ${button} button`);
    }
  }
  await alert.scrollIntoViewIfNeeded();
  const edge = await alert.boundingBox();
  for (const b of await alert.getByRole("button").all()) {
    const box = await b.boundingBox();
    if (box && box.x + box.width > edge.x + edge.width + 1) {
      throw new Error(`the alert card's "${(await b.innerText()).trim()}" button is cut off at the card's edge`);
    }
  }
  await alert.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-alert.png") });
  await alert.screenshot({ path: shot("screenshots/alert-card.png") });
  if (!(await alert.innerText()).includes("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f")) {
    throw new Error("the alert card does not show the whole SHA-256");
  }
  console.log("OK: the AMP alert for WKS-FIN-042 arrived in the IRT room with Investigate, Quarantine WKS-FIN-042, "
    + "Isolate WKS-FIN-042, "
    + "Open incident and I'm on it");

  // Coordinate: open an incident from the alert card; its own room appears in the list with the summary card.
  await alert.getByRole("button", { name: "Open incident", exact: true }).click({ timeout });
  const incidentRoom = page.locator(".room").filter({ hasText: "IR-" }).first();
  await incidentRoom.waitFor({ timeout });
  await incidentRoom.click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  const summary = page.locator(".ac-adaptiveCard").filter({ hasText: "WKS-FIN-042" }).first();
  await summary.waitFor({ timeout });
  await page.waitForTimeout(300);
  await page.screenshot({ path: shot("demo-incident.png") });
  console.log("OK: Open incident created the incident room with its summary card");
  await page.locator('.room[data-room-type="direct"]').first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });


  await page.locator("#text").fill("/investigate WKS-FIN-042");
  await page.locator("#text").press("Enter");
  const investigation = cardWith("MALICIOUS — WKS-FIN-042");
  await investigation.waitFor({ timeout });
  for (const fact of ["AMP for Endpoints", "Acme HQ > Building 1 > Floor 3", "jdoe", "00:50:56:a1:b2:42"]) {
    if (!(await investigation.innerText()).includes(fact)) throw new Error(`investigation card lacks "${fact}"`);
  }
  await investigation.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-investigate.png") });
  await investigation.screenshot({ path: shot("screenshots/host-card.png") });
  console.log(`OK: host card first screen height: ${await firstScreen(investigation)} px`);
  console.log("OK: investigation card rendered with verdict, AMP facts, user, MAC and location");
  await investigation.getByRole("button", { name: "Details", exact: true }).click({ timeout });
  if (!(await investigation.innerText()).includes("Acme Endpoints")) {
    throw new Error("Details does not show AMP's facts");
  }
  await investigation.screenshot({ path: shot("screenshots/host-card-details.png") });
  await investigation.getByRole("button", { name: "Details", exact: true }).click({ timeout });
  console.log("OK: Details shows each source's facts");

  // The floor map follows the card in its thread: CMX's floor plan with the host's position and accuracy drawn on it.
  const floorMap = page.locator("img.msg-image[alt='floor-wks-fin-042.png']").last();
  await floorMap.waitFor({ timeout });
  const loaded = (img) => img.complete && img.naturalWidth > 0;
  await page.waitForFunction(loaded, await floorMap.elementHandle(), { timeout });
  mkdirSync(shot("screenshots"), { recursive: true });
  await floorMap.scrollIntoViewIfNeeded();
  await floorMap.screenshot({ path: shot("screenshots/floor-map.png") });
  console.log("OK: the floor map of wks-fin-042 follows its card");

  await investigation.getByRole("button", { name: "Quarantine WKS-FIN-042", exact: true }).click({ timeout });
  const confirm = cardWith("Confirm: quarantine WKS-FIN-042?");
  await confirm.waitFor({ timeout });
  if (!(await confirm.innerText()).includes("00:50:56:a1:b2:42")) throw new Error("confirmation does not name the MAC");
  await confirm.getByRole("button", { name: "Quarantine WKS-FIN-042", exact: true }).click({ timeout });
  const done = cardWith("Quarantined");
  await done.waitFor({ timeout });
  await done.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-quarantined.png") });
  console.log("OK: Quarantine pressed, confirmed, and the host is reported quarantined via ISE");

  // The ledger is the truth: the host's IP, investigated again without --fresh, shows irflow's quarantine and its undo.
  await page.locator("#text").fill("/investigate 10.10.20.42");
  await page.locator("#text").press("Enter");
  const byIp = cardWith("— 10.10.20.42");
  await byIp.waitFor({ timeout });
  await byIp.filter({ hasText: "Quarantined WKS-FIN-042" }).filter({ hasText: "by alice@acme.example via ISE" })
    .waitFor({ timeout });
  if ((await byIp.getByRole("button", { name: "Unquarantine WKS-FIN-042", exact: true }).count()) !== 1) {
    throw new Error("the IP's card does not offer Unquarantine");
  }
  if ((await byIp.getByRole("button", { name: /^Quarantine/ }).count()) !== 0) {
    throw new Error("the IP's card offers Quarantine again");
  }
  await byIp.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-ip-quarantined.png") });
  console.log("OK: the host's IP shows Quarantined by alice@acme.example with Unquarantine");

  // A hash: the title shortens it, the whole value is on its own line, and the card stays compact.
  const sha = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
  await page.locator("#text").fill("/investigate " + sha);
  await page.locator("#text").press("Enter");
  const byHash = cardWith("SHA-256 275a021b…");
  await byHash.waitFor({ timeout });
  if (!(await byHash.innerText()).includes(sha)) throw new Error("the hash card does not show the whole SHA-256");
  await byHash.scrollIntoViewIfNeeded();
  await byHash.screenshot({ path: shot("screenshots/hash-card.png") });
  console.log(`OK: hash card shows the whole SHA-256; first screen height: ${await firstScreen(byHash)} px`);

  // Dry run: every step but the product call; the confirmation and the result both say "Dry run", ISE is untouched.
  await page.locator("#text").fill("/quarantine WKS-HR-007 --dry-run");
  await page.locator("#text").press("Enter");
  const dryConfirm = cardWith("Dry run · Confirm: quarantine WKS-HR-007?");
  await dryConfirm.waitFor({ timeout });
  await dryConfirm.getByRole("button", { name: "Quarantine WKS-HR-007", exact: true }).click({ timeout });
  const dryDone = cardWith("Dry run: quarantine not executed");
  await dryDone.waitFor({ timeout });
  if (!/would have applied ANC policy Quarantine to 00:50:56:A1:B2:07/i.test(await dryDone.innerText())) {
    throw new Error(`the dry run's result does not say what it would have sent: "${await dryDone.innerText()}"`);
  }
  await dryDone.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-dry-run.png") });
  console.log("OK: /quarantine WKS-HR-007 --dry-run shows Dry run on the confirmation and the result, nothing sent");

  // Expiry: --for 4h on the command; the confirmation card is the one a responder reads before pressing.
  await page.locator("#text").fill("/quarantine WKS-HR-007 --for 4h");
  await page.locator("#text").press("Enter");
  const held = cardWith("Confirm: quarantine WKS-HR-007?").filter({ hasNotText: "Dry run" });
  await held.waitFor({ timeout });
  await held.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await held.screenshot({ path: shot("screenshots/confirm-card.png") });
  // The confirmation says what the quarantine touches before anyone presses (the host's user, location, groups...).
  if (!(await held.innerText()).includes("Impact preview")) {
    throw new Error(`the confirmation card has no impact preview: "${await held.innerText()}"`);
  }
  console.log("OK: the confirmation of /quarantine WKS-HR-007 --for 4h shows the Impact preview");
  await held.getByRole("button", { name: "Quarantine WKS-HR-007", exact: true }).click({ timeout });
  // Case-sensitive, with the colon: the dry run's result above says "not recorded as quarantined".
  await page.locator(".ac-adaptiveCard").filter({ hasText: /Quarantined: WKS-HR-007/ }).last().waitFor({ timeout });
  // Verified: irflow reads ISE back (first read 2 s after ISE accepted) and notes in the thread what it shows.
  const verified = page.locator(".msg-body")
    .filter({ hasText: /Verified at \d\d:\d\d:\d\d .*ISE shows ANC policy Quarantine on 00:50:56:A1:B2:07/ }).last();
  await verified.waitFor({ timeout });
  await verified.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot("screenshots/verified.png") });
  console.log(`OK: the quarantine of WKS-HR-007 is verified in its thread: "${(await verified.innerText()).trim()}"`);
  await page.locator("#text").fill("/contained");
  await page.locator("#text").press("Enter");
  const contained = page.locator(".ac-adaptiveCard").filter({ hasText: "WKS-HR-007" })
    .filter({ hasText: "expires" }).last();
  await contained.waitFor({ timeout });
  const expiry = /expires [^\n]*\d\d:\d\d[^\n]*\(in (3 h 5\d min|4 h)\)/;
  if (!expiry.test(await contained.innerText())) {
    throw new Error(`/contained does not show the 4 h expiry: "${await contained.innerText()}"`);
  }
  await contained.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0); // no hover shading on the row's undo button in the picture
  await contained.screenshot({ path: shot("screenshots/contained-expiry.png") });
  console.log("OK: /quarantine WKS-HR-007 --for 4h, confirmed: /contained shows it expires in 4 h");

  // An ambiguous name: AMP knows two computers called web01, so the bot asks which before showing (or offering) anything.
  await page.locator("#text").fill("/investigate web01");
  await page.locator("#text").press("Enter");
  const which = cardWith("Which computer?").filter({ hasText: "web01" });
  await which.waitFor({ timeout });
  for (const name of ["web01.corp.example.com", "web01.dmz.example.com"]) {
    if ((await which.getByRole("button", { name, exact: true }).count()) !== 1) {
      throw new Error(`the "Which computer?" card has no button for ${name}`);
    }
  }
  for (const action of ["Quarantine", "Isolate"]) {
    if ((await which.getByRole("button", { name: new RegExp("^" + action) }).count()) !== 0) {
      throw new Error(`the "Which computer?" card offers ${action} before anyone said which computer`);
    }
  }
  await which.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-which-computer.png") });
  console.log("OK: /investigate web01 asks which computer, listing web01.corp.example.com and web01.dmz.example.com");
  await page.locator("#text").fill("/quarantine web01");
  await page.locator("#text").press("Enter");
  const refusal = page.locator(".msg-body").filter({ hasText: "may mean 2 computers" }).filter({ hasText: "Nothing was done" });
  await refusal.last().waitFor({ timeout });
  if (!/web01\.corp\.example\.com[\s\S]*web01\.dmz\.example\.com/.test(await refusal.last().innerText())) {
    throw new Error("/quarantine web01 was refused without naming both computers");
  }
  console.log("OK: /quarantine web01 is refused, naming both computers");
  await which.getByRole("button", { name: "web01.dmz.example.com", exact: true }).click({ timeout });
  const chosen = page.locator(".ac-adaptiveCard").filter({ hasText: "web01.dmz.example.com" })
    .filter({ hasText: "10.20.0.21" }).last();
  await chosen.waitFor({ timeout });
  for (const fact of ["AMP for Endpoints", "00:50:56:a1:20:21"]) {
    if (!(await chosen.innerText()).includes(fact)) throw new Error(`the chosen host's card lacks "${fact}"`);
  }
  if ((await chosen.innerText()).includes("10.10.0.21")) throw new Error("the chosen host's card shows the other web01");
  await chosen.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-web01-dmz.png") });
  console.log("OK: choosing web01.dmz.example.com shows that host's card (10.20.0.21, its MAC), not the other web01");

  // The incident opened from the alert before the quarantine: its /report names the quarantine as first containment.
  await incidentRoom.click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  await page.locator("#text").fill("/report");
  await page.locator("#text").press("Enter");
  const mdLink = page.locator("a.msg-file").filter({ hasText: "-report.md" }).last();
  await mdLink.waitFor({ timeout });
  const report = await page.evaluate(async (href) => (await fetch(href)).text(), await mdLink.getAttribute("href"));
  const first = (report.split("\n").find((l) => l.includes("First containment")) || "");
  if (!/\d\d:\d\d/.test(first)) throw new Error(`the report's first containment is not the quarantine: "${first}"`);
  if (!/quarantine/i.test(report.split("Containment actions")[1] || "")) {
    throw new Error("the report's containment actions do not list the quarantine");
  }
  await mdLink.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("demo-report.png") });
  console.log("OK: /report in the incident room names the quarantine done before the incident as its first containment");

  const chart = page.locator("img.msg-image[alt$='-timeline.png']").last();
  await chart.waitFor({ timeout });
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await chart.elementHandle(),
    { timeout });
  mkdirSync(shot("screenshots"), { recursive: true });
  await chart.scrollIntoViewIfNeeded();
  await chart.screenshot({ path: shot("screenshots/report-chart.png") });
  console.log("OK: /report posts the incident's timeline chart");

  ok = problems.length === 0;
  if (!ok) console.error(problems.join("\n"));
} catch (e) {
  console.error("FAILED: " + e.message + (problems.length ? "\n" + problems.join("\n") : ""));
  await page.screenshot({ path: shot("demo-failure.png") }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
