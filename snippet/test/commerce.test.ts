import { describe, expect, it } from 'vitest'
import { fromGa, toItem } from '../src/capture/commerce'

describe('GA4 ecommerce events', () => {
  it('become a purchase with the order id, value, currency and items', () => {
    expect(
      fromGa('purchase', {
        transaction_id: 'T-1001',
        value: 59.9,
        currency: 'eur',
        items: [
          { item_id: 'SKU-1', item_name: 'Mug', item_category: 'Kitchen', price: 12.5, quantity: 2 },
          { item_name: 'no id, dropped' },
        ],
      }),
    ).toEqual({
      type: 'purchase',
      order_id: 'T-1001',
      value: 59.9,
      currency: 'EUR',
      items: [{ id: 'SKU-1', name: 'Mug', category: 'Kitchen', price: 12.5, quantity: 2 }],
    })
  })

  it('value a purchase without a value at its items (2 × 12.5 + 1 × 3 = 28)', () => {
    const d = fromGa('purchase', {
      order_id: 'A',
      items: [
        { id: 'a', price: 12.5, quantity: 2 },
        { id: 'b', price: 3 },
      ],
    })
    expect(d).toMatchObject({ value: 28 })
  })

  it('ignore a purchase without an order id, and events we do not track', () => {
    expect(fromGa('purchase', { value: 10 })).toBeUndefined()
    expect(fromGa('purchase', { transaction_id: '', value: 10 })).toBeUndefined()
    expect(fromGa('select_promotion', { value: 1 })).toBeUndefined()
  })

  it('keep funnel steps', () => {
    expect(fromGa('add_to_cart', { value: '9.5', currency: 'USD', items: [{ item_id: 7 }] })).toEqual({
      type: 'add_to_cart',
      value: 9.5,
      currency: 'USD',
      items: [{ id: '7' }],
    })
  })

  it('never produce NaN (the worker would reject the event)', () => {
    expect(toItem({ id: 'x', price: 'abc', quantity: 'two' })).toEqual({ id: 'x' })
  })
})
