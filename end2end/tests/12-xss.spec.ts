import { expect, test } from '@playwright/test';
import { COORDINATOR, login, logout, open, port } from './helpers';

// Markup in any field of the public form is stored as text and always shown escaped: staff who
// open the submissions run no script and get no injected elements, only the literal text.
const PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '<svg onload="window.__xss = 3"></svg>',
  '"><script>window.__xss = 4</script>',
  "'><img src=x onerror=window.__xss=5>",
  '</textarea><script>window.__xss = 6</script>',
  '</title><script>window.__xss = 7</script>',
  '<iframe srcdoc="<script>parent.__xss = 8</script>"></iframe>',
  '<a href="javascript:window.__xss = 9">Klick</a>',
  '<body onload="window.__xss = 10">',
  '<details open ontoggle="window.__xss = 11">',
  '<input autofocus onfocus="window.__xss = 12">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss = 13">',
  '<object data="javascript:window.__xss = 14"></object>',
  '<embed src="javascript:window.__xss = 15">',
  '<video><source onerror="window.__xss = 16"></video>',
  '<style>@import "javascript:window.__xss = 17";</style>',
  '<div style="background:url(javascript:window.__xss = 18)">',
  '<base href="javascript:window.__xss = 19//">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss = 20">',
  '{{constructor.constructor("window.__xss = 21")()}}',
  '<!--<img src="--><img src=x onerror="window.__xss = 22">-->',
  '<template><script>window.__xss = 23</script></template>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=24>">',
  '<form><button formaction="javascript:window.__xss = 25">X</button></form>',
];

test('stored markup from the needs form runs nothing when staff read it', async ({ page, request }, testInfo) => {
  const base = `http://127.0.0.1:${port(testInfo)}`;
  // Five payloads per form: title, description, affected, organisation, name (with consent).
  const batches: string[][] = [];
  for (let i = 0; i < PAYLOADS.length; i += 5) batches.push(PAYLOADS.slice(i, i + 5));
  const keys: string[] = [];
  for (const _ of batches) {
    const html = await (await request.get(`${base}/bedarf/hafen`)).text();
    keys.push(html.match(/name="form_key" value="([^"]+)"/)![1]);
  }
  await page.waitForTimeout(3_500); // the minimum fill time
  for (const [n, batch] of batches.entries()) {
    const response = await request.post(`${base}/api/bedarf-melden`, {
      headers: { Origin: base, Accept: 'text/html', Referer: `${base}/bedarf/hafen` },
      form: {
        area: 'hafen', form_key: keys[n], website: '', field: String(1 + (n % 3)),
        title: batch[0], description: batch[1] ?? 'x', affected: batch[2] ?? '', organisation: batch[3] ?? '',
        contact_name: batch[4] ?? '', contact_email: batch[4] ? `xss${n}@example.org` : '', consent: batch[4] ? 'ja' : '',
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers()['location']).toContain('/bedarf/hafen/eingang?schluessel=');
  }

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/gebiete/hafen');
  const list = page.locator('ul.submissions');
  for (const payload of PAYLOADS) {
    await expect(list).toContainText(payload);
  }
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as any).__xss ?? null)).toBeNull();
  await expect(list.locator('script, img, svg, iframe, object, embed, video, style, base, meta, template, form, details, input, a[href^="javascript"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  await logout(page, testInfo);
});
