import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `GDPR第${r.art}条${r.para ? `第${r.para}款` : ''}${r.point ? `(${r.point})项` : ''}`
const about = (months: number | undefined) => (months ? `(约${months}个月)` : '')
const when = (first: boolean) => (first ? '从您首次访问起' : '如果您允许统计分析')

export const zhCN: Phrases = {
  sections: {
    collect: '我们收集什么',
    why: '我们为何使用',
    retention: '我们保存多久',
    recipients: '还有谁会收到',
    ai: 'AI 与用户画像',
    rights: '您的选择与权利',
    contact: '联系方式',
  },
  page: {
    title: (site) => `隐私声明:${site}`,
    faq: '常见问题',
    storage: '您的设备上保存了什么',
    storageCaption: '本网站在您浏览器本地存储中保存的条目',
    columns: { key: '名称', holds: '内容', written: '何时写入', lifetime: '有效多久' },
    holds: {
      choice: '您的隐私选择',
      last_logged_choice: '最近一次发给我们的选择',
      ids: '随机的访客 ID 和会话 ID',
      unsent_events: '尚未发送的事件',
    },
    written: {
      any_choice: '您做出选择时',
      analytics_consent: '如果您允许统计分析',
      first_visit: '从您首次访问起',
    },
    lifetime: {
      choice: (r, g) => `拒绝后${r}天,同意后${g}天`,
      ids: (d, m) => `访客 ID:${d}天;会话:无操作${m}分钟`,
      untilSent: (n) => `直到发送(最多${n}个事件)`,
      untilNextChoice: '直到您下次选择',
    },
    version: (v, d) => `版本 ${v},发布于 ${d}`,
    languages: '其他语言',
    ask: {
      title: '询问您的数据',
      label: '您的问题',
      hint: '回答只来自本页的事实。我们不保存您的问题,只统计各主题的数量。',
      submit: '提问',
      answer: '回答',
      refused: '抱歉,我只能回答本网站如何处理您数据的问题。',
    },
    actions: {
      preferences: '打开隐私设置',
      export: '下载我的数据',
      delete: '删除我的数据',
      minimal: '选择最少收集',
    },
  },
  collect: {
    before: {
      'opt-in': '在您做出选择前,我们不收集任何数据,也不在您的设备上保存任何内容。',
      cookieless: '在您做出选择前,我们只统计不带任何标识的页面浏览,也不在您的设备上保存任何内容。',
      'opt-out': '本网站从您首次访问起收集数据,直到您拒绝。',
    },
    pageview: '对您浏览的每个页面,我们记录其地址、标题、来源页面和时间。',
    request:
      '我们从浏览器得知设备类型、浏览器、操作系统和大致位置(国家、地区、城市),但从不保存您的 IP 地址。',
    events: '如果您允许统计分析,我们还会记录点击、搜索、停留时间、滚动和购买。',
    identify: '如果您允许营销,本网站可以把您的访问与您的客户账户关联。',
    scrubbing: '在保存任何内容前,我们会删除电子邮件地址、电话号码、卡号和访问码。',
    cookielessHash: (d) =>
      `为了不在您的设备上保存任何内容也能统计访客,我们用 IP 地址、浏览器和一个随机值生成代码,随机值在${d}天后删除。`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `依据是您的同意(${law(r)})`
        : b === 'legal_obligation'
          ? `依据是法律要求(${law(r)})`
          : `依据是我们的正当利益(${law(r)})`,
    analytics: (b, objection) =>
      `我们用这些数据衡量和改进本网站,${b}。${objection ? '您可以随时提出反对。' : ''}`,
    anonymousCounts: (b) => `不带标识地统计页面浏览,${b}。`,
    marketing: (b) => `如果您允许营销,我们会建立您的兴趣画像,用于个性化营销,${b}。`,
    proof: (b) => `我们保存您的选择记录作为同意的证明,${b}。`,
    security: (b) => `我们过滤机器人和滥用行为,保障服务安全,${b}。`,
    noSale: '我们绝不出售您的数据。',
  },
  retention: {
    events: (d, m) => `页面浏览和其他事件在${d}天${about(m)}后删除。`,
    untilDeletion: '订单和其他关于您的记录没有固定期限:我们保存到您删除数据或撤回同意为止。',
    profiles: '您的营销画像保存到您撤回营销同意为止。',
    consentLog: '您的选择记录作为证明长期保存,但不含访客 ID、IP 地址或浏览器信息。',
    erasures: '删除后,我们只保留访客 ID 的单向代码,以免迟到的数据让它恢复。',
    quarantine: (d) => `无法接收的事件保存${d}天用于排查错误,然后删除。`,
    rollups: '不含任何标识的每日合计长期保存。',
    choice: (k, r, rm, g, gm) =>
      `您的选择以 ${k} 保存在设备上:拒绝有效${r}天${about(rm)},同意有效${g}天${about(gm)}。`,
    logged: (k) => `${k} 记住最近一次发给我们的选择,以免重复发送。`,
    ids: (k, first, d, m) =>
      `${when(first)},${k} 保存一个随机访客 ID(${d}天后更换)和一个会话 ID(无操作${m}分钟后结束)。`,
    queue: (k, first, n) => `${when(first)},${k} 最多保存${n}个尚未发出的事件。`,
  },
  recipients: {
    cloudflare: 'Cloudflare 受我们委托运行本服务并保存数据。',
    ai: (name, model) => `${name} 受我们委托运行 AI 模型 ${model}。`,
    transfers: (names) => `${names.join('和')}可能在您所在国家以外处理数据。`,
    onlyProcessors: '除此之外,没有人会收到您的数据。',
  },
  ai: {
    profiling: '只有在您允许营销时,我们才会建立画像,包括您的兴趣、客户群、购买可能性和建议的下一步。',
    model: (model, name) => `${name} 的 AI 模型 ${model} 根据计数、类别和清理过的搜索词撰写画像。`,
    neverSent: '它从不接收您的访客 ID、IP 地址或联系方式。',
    noModel: '画像由我们自己服务上的固定规则生成,不使用 AI 模型。',
    sensitive: '画像从不推测您的健康、宗教、政治、性生活、民族或工会情况。',
    effects: (r) => `画像只用于选择营销内容,不会做出对您有法律效力或类似影响的决定(${law(r)})。`,
    questionsModel: (model) => `您在本页提出的问题经清理后发送给 ${model} 撰写回答;我们只保留各主题的数量。`,
    questionsRules: '您在本页提出的问题由固定规则回答;我们只保留各主题的数量。',
  },
  rights: {
    withdraw: (s) => `您可以随时在本网站的"${s}"中更改或撤回选择;撤回后您的数据会立即删除。`,
    export: (dl, s) => `在"${s}"中点"${dl}",即可获得我们保存的关于您的全部数据副本。`,
    erase: (de, s) => `在"${s}"中点"${de}",即可删除这些数据。`,
    gpc: '如果您的浏览器发送 Global Privacy Control,我们绝不建立营销画像。',
    other: '您也可以要求我们更正数据、限制或反对其使用,或以可携带的格式提供给您。',
    complaint: (a) => (a ? `您可以向数据保护监管机构投诉:${a}。` : '您可以向数据保护监管机构投诉。'),
  },
  contact: {
    controller: (n) => `${n} 对这些数据负责(数据控制者)。`,
    contact: (c) => (c ? `联系方式:${c}。` : '请使用本网站上的联系方式。'),
    dpo: (d) => `数据保护官:${d}。`,
  },
  faq: {
    sell: '你们会出售我的数据吗?',
    howLong: '你们保存我的数据多久?',
    delete: '如何删除我的数据?',
    ai: '是否使用 AI?',
  },
}
