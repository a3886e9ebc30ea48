// Thank-you page: ?order=ID&via=api|datalayer|gtag|both (the purchase is reported before heed.js has loaded).
const params = new URLSearchParams(location.search)
const order = params.get('order') || 'T-1'
const via = params.get('via') || 'api'
const items = [
  { item_id: 'SKU-MUG', item_name: 'Linen mug', item_category: 'Kitchen', price: 12.5, quantity: 2 },
  { item_id: 'SKU-TEA', item_name: 'Green tea', item_category: 'Food', price: 9, quantity: 1 },
]
if (via === 'api' || via === 'both')
  heed('purchase', {
    order_id: order,
    value: 34,
    currency: 'EUR',
    items: items.map((i) => ({
      id: i.item_id,
      name: i.item_name,
      category: i.item_category,
      price: i.price,
      quantity: i.quantity,
    })),
  })
if (via === 'datalayer' || via === 'both') {
  dataLayer.push({ ecommerce: null })
  dataLayer.push({
    event: 'purchase',
    ecommerce: { transaction_id: order, value: 34, currency: 'EUR', items },
  })
}
if (via === 'gtag') {
  function gtag() {
    // biome-ignore lint/complexity/noArguments: gtag pushes its Arguments object, and so must this stand-in
    dataLayer.push(arguments)
  }
  gtag('event', 'purchase', { transaction_id: order, value: 34, currency: 'EUR', items })
}
if (via === 'broken') window.dataLayer = 42
document.getElementById('add').addEventListener('click', () => {
  dataLayer.push({ ecommerce: null })
  dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', value: 9, items: [items[1]] } })
})
