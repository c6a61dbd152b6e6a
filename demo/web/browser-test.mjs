// Browser test for the irflow demo chat page: opens the page in Debian's headless Chromium (playwright-core), picks a
// room, sends a message as an analyst, waits for the bot's rendered Adaptive Card containing the expected text, and
// saves a screenshot.
//
// Usage: node demo/web/browser-test.mjs <baseUrl> [--send TEXT] [--expect TEXT] [--room direct|irt] [--as alice]
//                                   [--screenshot PATH] [--timeout MS]
// Defaults: --send help --expect "/status" --room direct --as alice --screenshot target/demo-help.png (relative to
// the project root) --timeout 20000. Exits 0 on success, 1 on failure (a screenshot is saved either way).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf("--" + name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const baseUrl = args.find((a) => /^https?:\/\//.test(a));
if (!baseUrl) {
  console.error("usage: node demo/web/browser-test.mjs <baseUrl> [--send TEXT] [--expect TEXT] [--room direct|irt] [--as NAME] [--screenshot PATH]");
  process.exit(2);
}
const send = opt("send", "help");
const expect = opt("expect", "/status");
const room = opt("room", "direct");
const as = opt("as", "alice");
const timeout = Number(opt("timeout", "20000"));
const shot = path.resolve(root, opt("screenshot", "target/demo-help.png"));
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
const problems = [];
page.on("pageerror", (e) => problems.push("page error: " + e.message));
page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });

let ok = false;
try {
  await page.goto(new URL("/?as=" + encodeURIComponent(as), baseUrl).href, { waitUntil: "domcontentloaded" });
  const roomSel = room === "direct" ? '.room[data-room-type="direct"]' : '.room[data-room-type="group"]';
  await page.locator(roomSel).first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  const cardsBefore = await page.locator(".ac-adaptiveCard").count();
  await page.locator("#text").fill(send);
  await page.locator("#text").press("Enter");
  const card = page.locator(".ac-adaptiveCard").filter({ hasText: expect }).nth(0);
  await card.waitFor({ timeout });
  const cardsAfter = await page.locator(".ac-adaptiveCard").count();
  if (cardsAfter <= cardsBefore) throw new Error("no new card appeared");
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300); // let the arrival animation finish before the screenshot
  ok = true;
  console.log(`OK: sent "${send}" in the ${room} room as ${as}; a card containing "${expect}" was rendered`);
} catch (e) {
  console.error("FAILED: " + e.message);
} finally {
  mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: false });
  console.log("screenshot: " + shot);
  problems.forEach((p) => console.error(p));
  await browser.close();
}
process.exit(ok && problems.length === 0 ? 0 : 1);
