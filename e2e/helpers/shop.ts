/** Steps of a visitor in the demo shop (public/demo), shared by the shop's own spec and the dashboard's. */
import { expect, type Page } from '@playwright/test'

export const cartBadge = (page: Page) => page.locator('[data-cart-count]')

/**
 * Answers Heed's consent banner, which opens on its own up to a couple of seconds after the first
 * page loads and would otherwise cover whatever the test clicks next. Later pages remember the choice.
 */
export async function acceptConsent(page: Page) {
  const banner = page.getByRole('dialog')
  await banner.getByRole('button', { name: 'Accept all' }).click()
  await expect(banner).toBeHidden()
}

export async function fillCheckout(page: Page) {
  await page.getByLabel('Full name').fill('Ada Lovelace')
  await page.getByLabel('Email').fill('ada@example.com')
  await page.getByLabel('Street and number').fill('1 Analytical Row')
  await page.getByLabel('Postcode').fill('10115')
  await page.getByLabel('City').fill('Berlin')
}
