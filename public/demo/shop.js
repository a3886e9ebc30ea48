// Fernwood, the Heed demo shop: one catalogue, one renderer per page type, the cart in localStorage.
//
// Every page is a small HTML shell whose <body data-page="…"> says what to render. This file is loaded
// with `defer` BEFORE heed.js, so when the snippet starts the page is already rendered (the search
// results count, the data-heed-preferences link) and the dataLayer already holds the page's event.
//
// Analytics calls, as a real shop would make them:
// - view_item, add_to_cart and begin_checkout: GA4-style `dataLayer.push({ event, ecommerce })`;
// - purchase: `heed('purchase', …)`, or the GA4 `dataLayer` push when the thank-you (or checkout) URL
//   has `?via=datalayer`. Reloading the thank-you page repeats the call with the same order id.
// No inline scripts, no style attributes: the shop runs under `script-src 'self'; style-src 'self'`.
;(() => {
  // Queue stub: heed(...) is callable before heed.js has loaded; the snippet replays heed.q.
  window.heed =
    window.heed ||
    function heedStub() {
      window.heed.q = window.heed.q || []
      // biome-ignore lint/complexity/noArguments: the stub keeps the call exactly as made.
      window.heed.q.push(arguments)
    }
  window.dataLayer = window.dataLayer || []

  const SHOP = 'Fernwood'
  const CURRENCY = 'EUR'
  const CART_KEY = 'fernwood_cart'
  const ORDERS_KEY = 'fernwood_orders'

  const categories = [
    { id: 'coffee', name: 'Coffee & Tea', blurb: 'Fresh roasts, loose-leaf tea and the tools to brew them.' },
    { id: 'kitchen', name: 'Kitchen', blurb: 'Pans, boards and knives that last a lifetime.' },
    { id: 'outdoor', name: 'Outdoor', blurb: 'Light, sturdy gear for weekends outside.' },
  ]

  const products = [
    {
      id: 'espresso-beans',
      name: 'Espresso beans, 1 kg',
      category: 'coffee',
      price: 24.9,
      shape: 'bag',
      colour: '#6b4226',
      description: 'A dark, chocolatey blend of Brazilian and Ethiopian beans, roasted every Monday.',
    },
    {
      id: 'pour-over-kettle',
      name: 'Pour-over kettle',
      category: 'coffee',
      price: 59,
      shape: 'kettle',
      colour: '#2f4858',
      description: 'A gooseneck kettle with a built-in thermometer for a slow, even pour.',
    },
    {
      id: 'sencha-tea',
      name: 'Sencha green tea, 100 g',
      category: 'coffee',
      price: 12.5,
      shape: 'tin',
      colour: '#4d7a24',
      description: 'Steamed Japanese green tea with a fresh, grassy finish. Comes in a resealable tin.',
    },
    {
      id: 'stoneware-mug',
      name: 'Stoneware mug',
      category: 'coffee',
      price: 16,
      shape: 'mug',
      colour: '#b4532a',
      description: 'Hand-glazed stoneware, 350 ml, dishwasher safe.',
    },
    {
      id: 'cast-iron-pan',
      name: 'Cast-iron pan, 26 cm',
      category: 'kitchen',
      price: 48,
      shape: 'pan',
      colour: '#33363b',
      description: 'Pre-seasoned cast iron that goes from hob to oven to table.',
    },
    {
      id: 'oak-board',
      name: 'Oak cutting board',
      category: 'kitchen',
      price: 35,
      shape: 'board',
      colour: '#a0703f',
      description: 'End-grain European oak, oiled by hand. Kind to your knives.',
    },
    {
      id: 'chef-knife',
      name: "Chef's knife, 20 cm",
      category: 'kitchen',
      price: 89,
      shape: 'knife',
      colour: '#5f7382',
      description: 'Forged stainless steel with a full tang and a walnut handle.',
    },
    {
      id: 'trail-bottle',
      name: 'Insulated trail bottle',
      category: 'outdoor',
      price: 29,
      shape: 'bottle',
      colour: '#1f6f7f',
      description: 'Keeps drinks cold for 24 hours or hot for 12. 750 ml, leak-proof lid.',
    },
    {
      id: 'two-person-tent',
      name: 'Two-person tent',
      category: 'outdoor',
      price: 219,
      shape: 'tent',
      colour: '#c8641a',
      description: 'A 2.1 kg three-season tent that pitches in five minutes.',
    },
    {
      id: 'camp-lantern',
      name: 'Rechargeable camp lantern',
      category: 'outdoor',
      price: 39.5,
      shape: 'lantern',
      colour: '#d9a514',
      description: 'Warm light for 40 hours on one charge; doubles as a power bank.',
    },
    {
      id: 'wool-blanket',
      name: 'Wool picnic blanket',
      category: 'outdoor',
      price: 64,
      shape: 'blanket',
      colour: '#8e2c2c',
      description: 'Thick Shetland wool with a waterproof backing. Rolls up with a leather strap.',
    },
  ]

  const productById = new Map(products.map((p) => [p.id, p]))
  const categoryById = new Map(categories.map((c) => [c.id, c]))
  const money = new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY })
  const cents = (n) => Math.round(n * 100) / 100
  const productUrl = (p) => `/demo/product/${p.id}/`
  const categoryUrl = (c) => `/demo/category/${c.id}/`
  const params = new URLSearchParams(location.search)

  // ---- DOM helpers (no innerHTML anywhere: search queries and stored data are shown as text) ----

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag)
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value)
      else el.setAttribute(key, value === true ? '' : String(value))
    }
    for (const child of children.flat()) {
      if (child != null && child !== false) el.append(child)
    }
    return el
  }

  const SVG_NS = 'http://www.w3.org/2000/svg'
  function svgEl(tag, attrs) {
    const el = document.createElementNS(SVG_NS, tag)
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value))
    return el
  }

  // Product pictures drawn from shapes; 'c' stands for the product's colour. No images from the internet.
  const SHAPES = {
    bag: [
      ['path', { d: 'M36 28h48l8 70H28z', fill: 'c' }],
      ['rect', { x: 44, y: 50, width: 32, height: 24, rx: 3, fill: '#fffaf2' }],
      ['path', { d: 'M36 28l6-8h36l6 8', fill: 'none', stroke: 'c', 'stroke-width': 4 }],
    ],
    kettle: [
      ['ellipse', { cx: 58, cy: 70, rx: 30, ry: 26, fill: 'c' }],
      ['path', { d: 'M84 66q16-6 20-28', fill: 'none', stroke: 'c', 'stroke-width': 5 }],
      ['path', { d: 'M40 44q18-22 36 0', fill: 'none', stroke: '#3b3b3b', 'stroke-width': 5 }],
      ['rect', { x: 28, y: 94, width: 60, height: 6, rx: 3, fill: '#3b3b3b' }],
    ],
    tin: [
      ['rect', { x: 38, y: 34, width: 44, height: 62, rx: 6, fill: 'c' }],
      ['rect', { x: 36, y: 28, width: 48, height: 12, rx: 4, fill: '#2e3a23' }],
      ['circle', { cx: 60, cy: 66, r: 12, fill: '#f4f1e6' }],
    ],
    mug: [
      ['rect', { x: 32, y: 38, width: 46, height: 52, rx: 8, fill: 'c' }],
      ['path', { d: 'M78 50h8a11 11 0 0 1 0 22h-8', fill: 'none', stroke: 'c', 'stroke-width': 6 }],
      ['path', { d: 'M44 30q4-6 0-12M56 30q4-6 0-12', fill: 'none', stroke: '#9aa4ad', 'stroke-width': 3 }],
    ],
    pan: [
      ['circle', { cx: 50, cy: 64, r: 30, fill: 'c' }],
      ['circle', { cx: 50, cy: 64, r: 22, fill: '#4a4e55' }],
      ['rect', { x: 78, y: 59, width: 34, height: 10, rx: 5, fill: 'c' }],
    ],
    board: [
      ['rect', { x: 22, y: 36, width: 70, height: 52, rx: 10, fill: 'c' }],
      ['rect', { x: 92, y: 54, width: 12, height: 16, rx: 4, fill: 'c' }],
      ['path', { d: 'M34 50h46M34 62h46M34 74h46', stroke: '#7d5530', 'stroke-width': 2 }],
    ],
    knife: [
      ['path', { d: 'M18 66L78 52v20H26z', fill: '#c9d1d8' }],
      ['rect', { x: 78, y: 54, width: 28, height: 16, rx: 5, fill: 'c' }],
    ],
    bottle: [
      ['rect', { x: 44, y: 38, width: 32, height: 62, rx: 10, fill: 'c' }],
      ['rect', { x: 50, y: 24, width: 20, height: 16, rx: 3, fill: '#2b2b2b' }],
      ['rect', { x: 44, y: 60, width: 32, height: 10, fill: '#e8eef0' }],
    ],
    tent: [
      ['path', { d: 'M60 24L100 96H20z', fill: 'c' }],
      ['path', { d: 'M60 52L74 96H46z', fill: '#3d2a1a' }],
      ['path', { d: 'M14 96h92', stroke: '#5b6b3a', 'stroke-width': 4 }],
    ],
    lantern: [
      ['rect', { x: 40, y: 40, width: 40, height: 52, rx: 6, fill: 'c' }],
      ['rect', { x: 46, y: 48, width: 28, height: 36, rx: 4, fill: '#fff4c2' }],
      ['path', { d: 'M46 40q14-20 28 0', fill: 'none', stroke: '#3b3b3b', 'stroke-width': 4 }],
    ],
    blanket: [
      ['rect', { x: 22, y: 34, width: 76, height: 56, rx: 6, fill: 'c' }],
      ['path', { d: 'M22 52h76M22 72h76M46 34v56M74 34v56', stroke: '#f0e0c8', 'stroke-width': 4 }],
    ],
  }

  function productImage(p, size) {
    const svg = svgEl('svg', {
      viewBox: '0 0 120 120',
      class: `product-image ${size || ''}`.trim(),
      role: 'img',
      'aria-label': p.name,
    })
    svg.append(svgEl('rect', { width: 120, height: 120, class: `tile tile-${p.category}` }))
    for (const [tag, attrs] of SHAPES[p.shape]) {
      const resolved = { ...attrs }
      for (const key of ['fill', 'stroke']) if (resolved[key] === 'c') resolved[key] = p.colour
      svg.append(svgEl(tag, resolved))
    }
    return svg
  }

  // ---- storage: the shop's own, written only when the visitor changes the cart or orders ----

  function readJson(key, fallback) {
    try {
      const value = JSON.parse(localStorage.getItem(key) || 'null')
      return value ?? fallback
    } catch {
      return fallback
    }
  }

  function writeJson(key, value) {
    try {
      if (value == null) localStorage.removeItem(key)
      else localStorage.setItem(key, JSON.stringify(value))
    } catch {
      // Storage disabled: the cart lives only as long as this page.
    }
  }

  /** Cart lines `{ id, qty }`, dropping anything that is not in the catalogue. */
  function readCart() {
    const lines = readJson(CART_KEY, [])
    if (!Array.isArray(lines)) return []
    return lines.filter((l) => productById.has(l?.id) && Number.isInteger(l.qty) && l.qty > 0)
  }

  function writeCart(lines) {
    writeJson(CART_KEY, lines.length ? lines : null)
    updateCartBadge()
  }

  function addToCart(id, qty) {
    const lines = readCart()
    const line = lines.find((l) => l.id === id)
    if (line) line.qty = Math.min(99, line.qty + qty)
    else lines.push({ id, qty })
    writeCart(lines)
  }

  function setQuantity(id, qty) {
    writeCart(
      readCart()
        .map((l) => (l.id === id ? { id, qty: Math.min(99, qty) } : l))
        .filter((l) => l.qty > 0),
    )
  }

  const cartCount = () => readCart().reduce((n, l) => n + l.qty, 0)
  const linesTotal = (lines) => cents(lines.reduce((sum, l) => sum + productById.get(l.id).price * l.qty, 0))

  function orderId() {
    const bytes = crypto.getRandomValues(new Uint8Array(5))
    return `FW-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()}`
  }

  // ---- analytics calls ----

  const ga4Item = (p, quantity) => ({
    item_id: p.id,
    item_name: p.name,
    item_category: categoryById.get(p.category).name,
    price: p.price,
    quantity,
  })
  const heedItem = (p, quantity) => ({
    id: p.id,
    name: p.name,
    category: categoryById.get(p.category).name,
    price: p.price,
    quantity,
  })

  /** GA4 recommends clearing the previous ecommerce object before each push. */
  function pushEcommerce(event, lines) {
    window.dataLayer.push({ ecommerce: null })
    window.dataLayer.push({
      event,
      ecommerce: {
        currency: CURRENCY,
        value: linesTotal(lines),
        items: lines.map((l) => ga4Item(productById.get(l.id), l.qty)),
      },
    })
  }

  function recordPurchase(order, via) {
    if (via === 'datalayer') {
      window.dataLayer.push({ ecommerce: null })
      window.dataLayer.push({
        event: 'purchase',
        ecommerce: {
          transaction_id: order.id,
          value: order.value,
          currency: order.currency,
          items: order.lines.map((l) => ga4Item(productById.get(l.id), l.qty)),
        },
      })
    } else {
      window.heed('purchase', {
        order_id: order.id,
        value: order.value,
        currency: order.currency,
        items: order.lines.map((l) => heedItem(productById.get(l.id), l.qty)),
      })
    }
  }

  // ---- page chrome ----

  function updateCartBadge() {
    const badge = document.querySelector('[data-cart-count]')
    if (badge) {
      const n = cartCount()
      badge.textContent = String(n)
      badge.setAttribute('data-cart-count', String(n))
    }
  }

  function header(current) {
    const nav = h(
      'nav',
      { class: 'nav', 'aria-label': 'Categories' },
      categories.map((c) =>
        h('a', { href: categoryUrl(c), 'aria-current': c.id === current ? 'page' : null }, c.name),
      ),
    )
    const search = h(
      'form',
      { class: 'search', role: 'search', action: '/demo/search/', method: 'get' },
      h('input', {
        type: 'search',
        name: 'q',
        placeholder: 'Search the shop',
        'aria-label': 'Search the shop',
        value: document.body.dataset.page === 'search' ? params.get('q') || '' : null,
      }),
      h('button', { type: 'submit' }, 'Search'),
    )
    const cart = h(
      'a',
      { class: 'cart-link', href: '/demo/cart/' },
      'Cart ',
      h('span', { class: 'badge', 'data-cart-count': '0' }, '0'),
    )
    return h(
      'header',
      { class: 'site-header' },
      h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
      h(
        'div',
        { class: 'bar' },
        h(
          'a',
          { class: 'logo', href: '/demo/' },
          h('span', { class: 'logo-mark', 'aria-hidden': 'true' }),
          SHOP,
        ),
        search,
        cart,
      ),
      nav,
    )
  }

  function footer() {
    const newsletter = h(
      'form',
      {
        class: 'newsletter',
        onsubmit: (e) => {
          e.preventDefault()
          e.currentTarget.replaceChildren(h('p', { role: 'status' }, 'Thanks! Watch your inbox.'))
        },
      },
      h('label', { for: 'newsletter-email' }, 'Get our monthly letter'),
      h(
        'div',
        { class: 'row' },
        h('input', {
          id: 'newsletter-email',
          type: 'email',
          name: 'email',
          required: true,
          autocomplete: 'email',
        }),
        h(
          'button',
          { type: 'submit', 'data-heed-event': 'newsletter_signup', 'data-heed-prop-placement': 'footer' },
          'Subscribe',
        ),
      ),
    )
    return h(
      'footer',
      { class: 'site-footer' },
      h(
        'div',
        { class: 'cols' },
        h(
          'div',
          null,
          h('p', { class: 'logo small' }, SHOP),
          h('p', null, 'A demo shop for Heed, consent-first visitor analytics. Nothing here is for sale.'),
        ),
        h(
          'ul',
          { class: 'links' },
          h('li', null, h('a', { href: '/demo/privacy/' }, 'Privacy policy')),
          // Opens Heed's consent settings; without the consent script it still leads to the policy.
          h(
            'li',
            null,
            h('a', { href: '/demo/privacy/#settings', 'data-heed-preferences': '' }, 'Privacy settings'),
          ),
          h('li', null, h('a', { href: '/demo/files/price-list.csv', download: '' }, 'Price list (CSV)')),
          h(
            'li',
            null,
            h('a', { href: 'https://developers.cloudflare.com/workers/' }, 'Runs on Cloudflare Workers'),
          ),
        ),
        newsletter,
      ),
    )
  }

  // ---- pieces ----

  function productCard(p) {
    return h(
      'li',
      { class: 'card' },
      h(
        'a',
        { href: productUrl(p), class: 'card-link' },
        productImage(p),
        h('span', { class: 'card-name' }, p.name),
        h('span', { class: 'price' }, money.format(p.price)),
      ),
    )
  }

  const productGrid = (list) => h('ul', { class: 'grid' }, list.map(productCard))

  function lineRow(l, editable) {
    const p = productById.get(l.id)
    const qty = editable
      ? h(
          'div',
          { class: 'qty' },
          h(
            'button',
            {
              type: 'button',
              'aria-label': `One less ${p.name}`,
              onclick: () => renderCartAfter(() => setQuantity(p.id, l.qty - 1)),
            },
            '−',
          ),
          h('output', { 'aria-label': `Quantity of ${p.name}` }, String(l.qty)),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `One more ${p.name}`,
              onclick: () => renderCartAfter(() => setQuantity(p.id, l.qty + 1)),
            },
            '+',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => renderCartAfter(() => setQuantity(p.id, 0)),
            },
            'Remove',
          ),
        )
      : h('span', { class: 'muted' }, `× ${l.qty}`)
    return h(
      'li',
      { class: 'line', 'data-line': p.id },
      productImage(p, 'thumb'),
      h('div', { class: 'line-main' }, h('a', { href: productUrl(p) }, p.name), qty),
      h('span', { class: 'price' }, money.format(cents(p.price * l.qty))),
    )
  }

  function totals(lines) {
    return h(
      'dl',
      { class: 'totals' },
      h('dt', null, 'Subtotal'),
      h('dd', null, money.format(linesTotal(lines))),
      h('dt', null, 'Shipping'),
      h('dd', null, 'Free'),
      h('dt', { class: 'grand' }, 'Total'),
      h('dd', { class: 'grand', 'data-total': String(linesTotal(lines)) }, money.format(linesTotal(lines))),
    )
  }

  // ---- pages ----

  const pages = {
    home() {
      return [
        h(
          'section',
          { class: 'hero' },
          h('h1', null, 'Good things for slow mornings and long weekends'),
          h('p', null, 'Coffee, kitchen tools and outdoor gear, chosen to last.'),
          h('a', { class: 'button', href: categoryUrl(categories[0]) }, 'Shop coffee & tea'),
        ),
        h('h2', null, 'Shop by category'),
        h(
          'ul',
          { class: 'categories' },
          categories.map((c) =>
            h(
              'li',
              null,
              h(
                'a',
                { href: categoryUrl(c), class: `category-tile tile-${c.id}` },
                h('strong', null, c.name),
                h('span', null, c.blurb),
              ),
            ),
          ),
        ),
        h('h2', null, 'Popular right now'),
        productGrid(
          ['espresso-beans', 'cast-iron-pan', 'two-person-tent', 'stoneware-mug'].map((id) =>
            productById.get(id),
          ),
        ),
      ]
    },

    category() {
      const c = categoryById.get(document.body.dataset.category)
      if (!c) return notFound('That category does not exist.')
      document.title = `${c.name} · ${SHOP}`
      const list = products.filter((p) => p.category === c.id)
      return [
        breadcrumbs([[c.name]]),
        h('h1', null, c.name),
        h('p', { class: 'lead' }, c.blurb),
        h('p', { class: 'muted' }, `${list.length} products`),
        productGrid(list),
      ]
    },

    product() {
      const p = productById.get(document.body.dataset.product)
      if (!p) return notFound('That product does not exist.')
      const c = categoryById.get(p.category)
      document.title = `${p.name} · ${SHOP}`
      pushEcommerce('view_item', [{ id: p.id, qty: 1 }])
      const status = h('p', { class: 'added', role: 'status' })
      const qty = h(
        'select',
        { id: 'qty', name: 'qty' },
        [1, 2, 3, 4, 5].map((n) => h('option', { value: n }, String(n))),
      )
      const form = h(
        'form',
        {
          class: 'buy',
          onsubmit: (e) => {
            e.preventDefault()
            const n = Number(qty.value)
            addToCart(p.id, n)
            pushEcommerce('add_to_cart', [{ id: p.id, qty: n }])
            status.replaceChildren(
              `Added ${n} × ${p.name} to your cart. `,
              h('a', { href: '/demo/cart/' }, 'View cart'),
            )
          },
        },
        h('label', { for: 'qty' }, 'Quantity'),
        qty,
        h('button', { type: 'submit', class: 'button', 'data-testid': 'add-to-cart' }, 'Add to cart'),
      )
      const related = products.filter((o) => o.category === p.category && o.id !== p.id)
      return [
        breadcrumbs([[c.name, categoryUrl(c)], [p.name]]),
        h(
          'div',
          { class: 'product' },
          productImage(p, 'large'),
          h(
            'div',
            { class: 'product-info' },
            h('h1', null, p.name),
            h('p', { class: 'price big' }, money.format(p.price)),
            h('p', null, p.description),
            form,
            status,
            h('p', { class: 'muted' }, 'Free shipping · 30-day returns'),
          ),
        ),
        h('h2', null, `More in ${c.name}`),
        productGrid(related),
      ]
    },

    search() {
      const q = (params.get('q') || '').trim()
      if (!q)
        return [
          h('h1', null, 'Search'),
          h('p', null, 'Type what you are looking for in the search box above.'),
        ]
      document.title = `“${q}” · Search · ${SHOP}`
      const words = q.toLowerCase().split(/\s+/)
      const found = products.filter((p) => {
        const text = `${p.name} ${p.description} ${categoryById.get(p.category).name}`.toLowerCase()
        return words.every((w) => text.includes(w))
      })
      return [
        h('h1', null, 'Search results'),
        // The snippet reads the results count from this attribute.
        h(
          'p',
          { class: 'search-summary', 'data-heed-results': String(found.length) },
          `${found.length} ${found.length === 1 ? 'result' : 'results'} for “`,
          h('strong', null, q),
          '”',
        ),
        found.length
          ? productGrid(found)
          : h('p', null, 'Nothing matched. Try “coffee”, “pan” or “tent”, or ', browseLink(), '.'),
      ]
    },

    cart() {
      const lines = readCart()
      if (!lines.length) {
        return [
          h('h1', null, 'Your cart'),
          h('p', { class: 'empty' }, 'Your cart is empty. ', browseLink(), '.'),
        ]
      }
      return [
        h('h1', null, 'Your cart'),
        h(
          'div',
          { class: 'cart' },
          h(
            'ul',
            { class: 'lines' },
            lines.map((l) => lineRow(l, true)),
          ),
          h(
            'aside',
            { class: 'summary' },
            totals(lines),
            h('a', { class: 'button', href: '/demo/checkout/', 'data-testid': 'checkout' }, 'Go to checkout'),
          ),
        ),
      ]
    },

    checkout() {
      const lines = readCart()
      if (!lines.length) {
        return [
          h('h1', null, 'Checkout'),
          h('p', { class: 'empty' }, 'Your cart is empty. ', browseLink(), '.'),
        ]
      }
      pushEcommerce('begin_checkout', lines)
      const field = (id, label, attrs) =>
        h(
          'div',
          { class: 'field' },
          h('label', { for: id }, label),
          h('input', { id, name: id, required: true, ...attrs }),
        )
      const form = h(
        'form',
        {
          class: 'checkout-form',
          onsubmit: (e) => {
            e.preventDefault()
            const order = {
              id: orderId(),
              lines: readCart(),
              value: linesTotal(readCart()),
              currency: CURRENCY,
              at: Date.now(),
            }
            // Keep the last few orders so the thank-you page can be reloaded with the same order id.
            const orders = readJson(ORDERS_KEY, {})
            const kept = Object.values(orders)
              .sort((a, b) => b.at - a.at)
              .slice(0, 9)
            writeJson(ORDERS_KEY, Object.fromEntries([...kept, order].map((o) => [o.id, o])))
            writeCart([])
            const via = params.get('via')
            location.assign(
              `/demo/thank-you/?order=${encodeURIComponent(order.id)}${via ? `&via=${encodeURIComponent(via)}` : ''}`,
            )
          },
        },
        // Contact and address fields are never captured: data-heed-ignore marks the whole block.
        h(
          'fieldset',
          { 'data-heed-ignore': '' },
          h('legend', null, 'Delivery'),
          field('name', 'Full name', { autocomplete: 'name' }),
          field('email', 'Email', { type: 'email', autocomplete: 'email' }),
          field('address', 'Street and number', { autocomplete: 'street-address' }),
          h(
            'div',
            { class: 'field-row' },
            field('postcode', 'Postcode', { autocomplete: 'postal-code' }),
            field('city', 'City', { autocomplete: 'address-level2' }),
          ),
        ),
        h(
          'fieldset',
          null,
          h('legend', null, 'Payment'),
          h('p', { class: 'muted' }, 'This is a demo: no payment is taken and nothing is shipped.'),
        ),
        h('button', { type: 'submit', class: 'button', 'data-testid': 'place-order' }, 'Place order'),
      )
      return [
        h('h1', null, 'Checkout'),
        h(
          'div',
          { class: 'cart' },
          form,
          h(
            'aside',
            { class: 'summary' },
            h('h2', null, 'Order summary'),
            h(
              'ul',
              { class: 'lines compact' },
              lines.map((l) => lineRow(l, false)),
            ),
            totals(lines),
          ),
        ),
      ]
    },

    'thank-you'() {
      const id = params.get('order') || ''
      const order = readJson(ORDERS_KEY, {})[id]
      if (!order) return notFound('We could not find that order on this device.')
      // Same order id on every reload: the purchase is recorded again and deduplicated downstream.
      recordPurchase(order, params.get('via'))
      return [
        h('h1', null, 'Thank you for your order'),
        h(
          'p',
          { class: 'lead' },
          'Your order number is ',
          h('strong', { 'data-order-id': order.id }, order.id),
          '.',
        ),
        h(
          'ul',
          { class: 'lines compact' },
          order.lines.map((l) => lineRow(l, false)),
        ),
        totals(order.lines),
        h('p', null, h('a', { href: '/demo/' }, 'Continue shopping')),
      ]
    },

    // Static content in the HTML; only the chrome is added.
    privacy: () => null,
  }

  function breadcrumbs(trail) {
    return h(
      'nav',
      { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h(
        'ol',
        null,
        h('li', null, h('a', { href: '/demo/' }, 'Home')),
        trail.map(([label, href]) => h('li', null, href ? h('a', { href }, label) : h('span', null, label))),
      ),
    )
  }

  const browseLink = () => h('a', { href: '/demo/' }, 'browse the shop')

  function notFound(message) {
    return [h('h1', null, 'Not found'), h('p', null, message, ' ', browseLink(), '.')]
  }

  function renderMain() {
    const main = document.getElementById('main')
    const render = pages[document.body.dataset.page]
    const content = render ? render() : notFound('Unknown page.')
    if (content) main.replaceChildren(...content)
  }

  function renderCartAfter(change) {
    change()
    renderMain()
  }

  const current = document.body.dataset.category || productById.get(document.body.dataset.product)?.category
  document.body.prepend(header(current))
  document.body.append(footer())
  renderMain()
  updateCartBadge()
})()
