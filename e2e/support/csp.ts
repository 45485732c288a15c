import type { Page } from '@playwright/test';

/*
 * The web app runs under a strict Content-Security-Policy: scripts and styles only from files, never inline. The
 * policy is applied here as well as by the server (ops' helmet), so the journeys hold with either.
 */
export const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none'";

/** Serves every response of `page` under CSP; the returned list collects each refusal the browser reports. */
export async function underStrictCsp(page: Page): Promise<string[]> {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) refused.push(`${page.url()}: ${message.text()}`);
  });
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  return refused;
}
