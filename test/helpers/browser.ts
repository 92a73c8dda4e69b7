import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Debian's Chromium, headless, with no calls home. Playwright gives the browser a
 * fresh temporary profile; each `newContext()` is a clean, cookie-less session.
 */
export async function launchChromium(): Promise<{ browser: Browser; newContext(): Promise<BrowserContext>; close(): Promise<void> }> {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return {
    browser,
    newContext: () => browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' }),
    close: () => browser.close(),
  };
}

/**
 * Opens the book from the start screen and logs in, as a user does: the page is left on the
 * shell (its 退出 button shown).
 */
export async function openBookAs(page: Page, url: string, bookId: string, username: string, password: string): Promise<Page> {
  await page.goto(url);
  await page.getByTestId(`book-open-${bookId}`).click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  return page;
}
