// Scratch walk (not committed): Carol (analyst) investigates and presses Quarantine; Alice pages /audit.
import { chromium } from "playwright-core";
const baseUrl = process.argv[2];
const out = "/work/notes/";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const timeout = 30000;
const cardWith = (t) => page.locator(".ac-adaptiveCard").filter({ hasText: t }).last();
try {
  await page.goto(new URL("/?as=carol", baseUrl).href, { waitUntil: "domcontentloaded" });
  await page.locator('.room[data-room-type="direct"]').first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  await page.locator("#text").fill("/investigate WKS-FIN-042");
  await page.locator("#text").press("Enter");
  const inv = cardWith("wks-fin-042");
  await inv.waitFor({ timeout });
  await page.screenshot({ path: out + "carol-investigate.png" });
  await inv.getByRole("button", { name: "Quarantine", exact: true }).click({ timeout });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: out + "carol-quarantine.png" });
  await page.locator("#text").fill("/quarantine WKS-FIN-042");
  await page.locator("#text").press("Enter");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: out + "carol-typed.png" });
  await page.locator("#text").fill("help");
  await page.locator("#text").press("Enter");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: out + "carol-help.png" });
  await page.goto(new URL("/?as=alice", baseUrl).href, { waitUntil: "domcontentloaded" });
  await page.locator('.room[data-room-type="direct"]').first().click({ timeout });
  await page.locator(".conn-on").waitFor({ timeout });
  await page.locator("#text").fill("/access");
  await page.locator("#text").press("Enter");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: out + "alice-access.png" });
  await page.locator("#text").fill("/audit");
  await page.locator("#text").press("Enter");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: out + "alice-audit.png" });
} catch (e) {
  console.error("FAILED " + e.message);
  await page.screenshot({ path: out + "walk-failure.png" });
} finally { await browser.close(); }
