import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `GDPR第${r.art}條${r.para ? `第${r.para}項` : ''}${r.point ? `(${r.point})款` : ''}`
const about = (months: number | undefined) => (months ? `(約${months}個月)` : '')
const when = (first: boolean) => (first ? '從您首次造訪起' : '如果您允許統計分析')

export const zhTW: Phrases = {
  sections: {
    collect: '我們蒐集什麼',
    why: '我們為何使用',
    retention: '我們保存多久',
    recipients: '還有誰會收到',
    ai: 'AI 與消費者輪廓',
    rights: '您的選擇與權利',
    contact: '聯絡方式',
  },
  page: {
    title: (site) => `隱私聲明:${site}`,
    faq: '常見問題',
    storage: '您的裝置上儲存了什麼',
    storageCaption: '本網站在您瀏覽器本機儲存空間中保存的項目',
    columns: { key: '名稱', holds: '內容', written: '何時寫入', lifetime: '有效多久' },
    holds: {
      choice: '您的隱私選擇',
      last_logged_choice: '最近一次傳給我們的選擇',
      ids: '隨機的訪客 ID 與工作階段 ID',
      unsent_events: '尚未傳送的事件',
    },
    written: {
      any_choice: '您做出選擇時',
      analytics_consent: '如果您允許統計分析',
      first_visit: '從您首次造訪起',
    },
    lifetime: {
      choice: (r, g) => `拒絕後${r}天,同意後${g}天`,
      ids: (d, m) => `訪客 ID:${d}天;工作階段:無操作${m}分鐘`,
      untilSent: (n) => `直到傳送(最多${n}個事件)`,
      untilNextChoice: '直到您下次選擇',
    },
    version: (v, d) => `版本 ${v},發布於 ${d}`,
    languages: '其他語言',
    ask: {
      title: '詢問您的資料',
      label: '您的問題',
      hint: '回答只來自本頁的事實。我們不保存您的問題,只統計各主題的數量。',
      submit: '提問',
      answer: '回答',
      refused: '抱歉,我只能回答本網站如何處理您資料的問題。',
    },
    actions: {
      preferences: '開啟隱私設定',
      export: '下載我的資料',
      delete: '刪除我的資料',
      minimal: '選擇最少蒐集',
    },
  },
  collect: {
    before: {
      'opt-in': '在您做出選擇前,我們不蒐集任何資料,也不在您的裝置上儲存任何內容。',
      cookieless: '在您做出選擇前,我們只統計不帶任何識別碼的頁面瀏覽,也不在您的裝置上儲存任何內容。',
      'opt-out': '本網站從您首次造訪起蒐集資料,直到您拒絕。',
    },
    pageview: '對您瀏覽的每個頁面,我們記錄其網址、標題、來源頁面和時間。',
    request:
      '我們從瀏覽器得知裝置類型、瀏覽器、作業系統和大致位置(國家、地區、城市),但從不保存您的 IP 位址。',
    events: '如果您允許統計分析,我們也會記錄點擊、搜尋、停留時間、捲動和購買。',
    identify: '如果您允許行銷,本網站可以把您的造訪與您的客戶帳號連結。',
    scrubbing: '在保存任何內容前,我們會刪除電子郵件地址、電話號碼、卡號和存取碼。',
    cookielessHash: (d) =>
      `為了不在您的裝置上儲存任何內容也能統計訪客,我們用 IP 位址、瀏覽器和一個隨機值產生代碼,隨機值在${d}天後刪除。`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `依據是您的同意(${law(r)})`
        : b === 'legal_obligation'
          ? `依據是法律要求(${law(r)})`
          : `依據是我們的正當利益(${law(r)})`,
    analytics: (b, objection) =>
      `我們用這些資料衡量和改進本網站,${b}。${objection ? '您可以隨時提出反對。' : ''}`,
    anonymousCounts: (b) => `不帶識別碼地統計頁面瀏覽,${b}。`,
    marketing: (b) => `如果您允許行銷,我們會建立您的興趣輪廓,用於個人化行銷,${b}。`,
    proof: (b) => `我們保存您的選擇紀錄作為同意的證明,${b}。`,
    security: (b) => `我們過濾機器人和濫用行為,確保服務安全,${b}。`,
    noSale: '我們絕不出售您的資料。',
  },
  retention: {
    events: (d, m) => `頁面瀏覽和其他事件在${d}天${about(m)}後刪除。`,
    untilDeletion: '訂單和其他關於您的紀錄沒有固定期限:我們保存到您刪除資料或撤回同意為止。',
    profiles: '您的行銷輪廓保存到您撤回行銷同意為止。',
    consentLog: '您的選擇紀錄作為證明長期保存,但不含訪客 ID、IP 位址或瀏覽器資訊。',
    erasures: '刪除後,我們只保留訪客 ID 的單向代碼,以免遲到的資料讓它恢復。',
    quarantine: (d) => `無法接收的事件保存${d}天以排查錯誤,之後刪除。`,
    rollups: '不含任何識別碼的每日合計長期保存。',
    choice: (k, r, rm, g, gm) =>
      `您的選擇以 ${k} 儲存在裝置上:拒絕有效${r}天${about(rm)},同意有效${g}天${about(gm)}。`,
    logged: (k) => `${k} 記住最近一次傳給我們的選擇,以免重複傳送。`,
    ids: (k, first, d, m) =>
      `${when(first)},${k} 保存一個隨機訪客 ID(${d}天後更換)和一個工作階段 ID(無操作${m}分鐘後結束)。`,
    queue: (k, first, n) => `${when(first)},${k} 最多保存${n}個尚未送出的事件。`,
  },
  recipients: {
    cloudflare: 'Cloudflare 受我們委託運行本服務並保存資料。',
    ai: (name, model) => `${name} 受我們委託運行 AI 模型 ${model}。`,
    transfers: (names) => `${names.join('和')}可能在您所在國家以外處理資料。`,
    onlyProcessors: '除此之外,沒有人會收到您的資料。',
  },
  ai: {
    profiling: '只有在您允許行銷時,我們才會建立輪廓,包括您的興趣、客群、購買可能性和建議的下一步。',
    model: (model, name) => `${name} 的 AI 模型 ${model} 根據計數、類別和清理過的搜尋詞撰寫輪廓。`,
    neverSent: '它從不接收您的訪客 ID、IP 位址或聯絡方式。',
    noModel: '輪廓由我們自己服務上的固定規則產生,不使用 AI 模型。',
    sensitive: '輪廓從不推測您的健康、宗教、政治、性生活、族裔或工會情況。',
    effects: (r) => `輪廓只用於選擇行銷內容,不會做出對您有法律效力或類似影響的決定(${law(r)})。`,
    questionsModel: (model) => `您在本頁提出的問題經清理後傳送給 ${model} 撰寫回答;我們只保留各主題的數量。`,
    questionsRules: '您在本頁提出的問題由固定規則回答;我們只保留各主題的數量。',
  },
  rights: {
    withdraw: (s) => `您可以隨時在本網站的「${s}」中變更或撤回選擇;撤回後您的資料會立即刪除。`,
    export: (dl, s) => `在「${s}」中點「${dl}」,即可取得我們保存的關於您的全部資料副本。`,
    erase: (de, s) => `在「${s}」中點「${de}」,即可刪除這些資料。`,
    gpc: '如果您的瀏覽器傳送 Global Privacy Control,我們絕不建立行銷輪廓。',
    other: '您也可以要求我們更正資料、限制或反對其使用,或以可攜的格式提供給您。',
    complaint: (a) => (a ? `您可以向資料保護主管機關申訴:${a}。` : '您可以向資料保護主管機關申訴。'),
  },
  contact: {
    controller: (n) => `${n} 對這些資料負責(資料控管者)。`,
    contact: (c) => (c ? `聯絡方式:${c}。` : '請使用本網站上的聯絡方式。'),
    dpo: (d) => `資料保護長:${d}。`,
  },
  faq: {
    sell: '你們會出售我的資料嗎?',
    howLong: '你們保存我的資料多久?',
    delete: '如何刪除我的資料?',
    ai: '是否使用 AI?',
  },
}
