import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `GDPR 제${r.art}조${r.para ? ` 제${r.para}항` : ''}${r.point ? ` (${r.point})호` : ''}`
const about = (months: number | undefined) => (months ? `(약 ${months}개월)` : '')
const when = (first: boolean) => (first ? '첫 방문부터' : '분석을 허용하면')

export const ko: Phrases = {
  sections: {
    collect: '수집하는 정보',
    why: '이용 목적',
    retention: '보관 기간',
    recipients: '정보를 받는 곳',
    ai: 'AI와 프로필',
    rights: '선택과 권리',
    contact: '연락처',
  },
  page: {
    title: (site) => `개인정보 처리 안내: ${site}`,
    faq: '자주 묻는 질문',
    storage: '기기에 저장되는 항목',
    storageCaption: '이 사이트가 브라우저의 로컬 저장소에 두는 항목',
    columns: { key: '이름', holds: '내용', written: '저장 시점', lifetime: '유효 기간' },
    holds: {
      choice: '개인정보 선택',
      last_logged_choice: '마지막으로 보낸 선택',
      ids: '무작위 방문자 ID와 세션 ID',
      unsent_events: '아직 보내지 못한 이벤트',
    },
    written: {
      any_choice: '선택할 때',
      analytics_consent: '분석을 허용하면',
      first_visit: '첫 방문부터',
    },
    lifetime: {
      choice: (r, g) => `거부 후 ${r}일, 동의 후 ${g}일`,
      ids: (d, m) => `방문자 ID: ${d}일, 세션: 활동 없이 ${m}분`,
      untilSent: (n) => `보낼 때까지(최대 ${n}개)`,
      untilNextChoice: '다음 선택까지',
    },
    version: (v, d) => `버전 ${v}, ${d} 게시`,
    languages: '다른 언어',
    ask: {
      title: '내 정보에 대해 묻기',
      label: '질문',
      hint: '답변은 이 페이지의 사실에서만 나옵니다. 질문은 보관하지 않고 주제별 건수만 셉니다.',
      submit: '묻기',
      answer: '답변',
      refused: '죄송합니다. 이 사이트가 정보를 다루는 방식에 관한 질문에만 답할 수 있습니다.',
    },
    actions: {
      preferences: '개인정보 설정 열기',
      export: '내 정보 다운로드',
      delete: '내 정보 삭제',
      minimal: '최소 수집 선택',
    },
  },
  collect: {
    before: {
      'opt-in': '선택하기 전에는 아무것도 수집하지 않고 기기에 저장하지도 않습니다.',
      cookieless: '선택하기 전에는 식별자 없이 페이지 조회 수만 세고 기기에는 아무것도 저장하지 않습니다.',
      'opt-out': '이 사이트는 첫 방문부터 거부할 때까지 정보를 수집합니다.',
    },
    pageview: '본 페이지마다 주소, 제목, 이전 페이지, 시각을 기록합니다.',
    request:
      '브라우저에서 기기 종류, 브라우저, 운영체제, 대략적 위치(국가, 지역, 도시)를 알지만 IP 주소는 저장하지 않습니다.',
    events: '분석을 허용하면 클릭, 검색, 머문 시간, 스크롤, 구매도 기록합니다.',
    identify: '마케팅을 허용하면 이 사이트가 방문을 고객 계정과 연결할 수 있습니다.',
    scrubbing: '저장하기 전에 이메일 주소, 전화번호, 카드 번호, 접속 코드를 지웁니다.',
    cookielessHash: (d) =>
      `기기에 저장하지 않고 방문자를 세려고 IP 주소, 브라우저, 무작위 값으로 만든 코드를 쓰며 그 값은 ${d}일 뒤 지웁니다.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `근거는 동의입니다(${law(r)})`
        : b === 'legal_obligation'
          ? `근거는 법적 의무입니다(${law(r)})`
          : `근거는 정당한 이익입니다(${law(r)})`,
    analytics: (b, objection) =>
      `이 정보로 사이트를 측정하고 개선합니다. ${b}.${objection ? ' 언제든 반대할 수 있습니다.' : ''}`,
    anonymousCounts: (b) => `식별자 없는 조회 수 집계의 ${b}.`,
    marketing: (b) => `마케팅을 허용하면 맞춤 마케팅을 위해 관심사 프로필을 만듭니다. ${b}.`,
    proof: (b) => `동의를 증명하려고 선택 기록을 남깁니다. ${b}.`,
    security: (b) => `서비스를 안전하게 지키려고 봇과 악용을 걸러냅니다. ${b}.`,
    noSale: '정보를 절대 판매하지 않습니다.',
  },
  retention: {
    events: (d, m) => `페이지 조회와 기타 이벤트는 ${d}일${about(m)} 뒤 삭제합니다.`,
    untilDeletion:
      '주문과 기타 기록은 정해진 기한이 없으며, 정보를 삭제하거나 동의를 철회할 때까지 보관합니다.',
    profiles: '마케팅 프로필은 마케팅 동의를 철회할 때까지 보관합니다.',
    consentLog: '선택 기록은 증명을 위해 기한 없이 보관하지만 방문자 ID, IP 주소, 브라우저는 없습니다.',
    erasures: '삭제 뒤에는 늦게 온 정보로 되살아나지 않도록 방문자 ID의 단방향 코드만 남깁니다.',
    quarantine: (d) => `받지 못한 이벤트는 오류 수정을 위해 ${d}일 보관한 뒤 삭제합니다.`,
    rollups: '식별자가 없는 일별 합계는 기한 없이 보관합니다.',
    choice: (k, r, rm, g, gm) =>
      `선택은 기기에 ${k}(으)로 저장되며, 거부는 ${r}일${about(rm)}, 동의는 ${g}일${about(gm)} 유효합니다.`,
    logged: (k) => `${k}은(는) 두 번 보내지 않도록 마지막으로 보낸 선택을 기억합니다.`,
    ids: (k, first, d, m) =>
      `${when(first)} ${k}에 ${d}일마다 바뀌는 방문자 ID와 ${m}분 동안 활동이 없으면 끝나는 세션 ID를 둡니다.`,
    queue: (k, first, n) => `${when(first)} ${k}에 아직 보내지 못한 이벤트를 최대 ${n}개 둡니다.`,
  },
  recipients: {
    cloudflare: 'Cloudflare가 위탁을 받아 이 서비스를 운영하고 정보를 저장합니다.',
    ai: (name, model) => `${name}이(가) 위탁을 받아 AI 모델 ${model}을(를) 운영합니다.`,
    transfers: (names) => `${names.join(', ')}은(는) 국외에서 정보를 처리할 수 있습니다.`,
    onlyProcessors: '그 밖에는 누구도 정보를 받지 않습니다.',
  },
  ai: {
    profiling: '마케팅을 허용한 경우에만 관심사, 고객 그룹, 구매 가능성, 다음 제안이 담긴 프로필을 만듭니다.',
    model: (model, name) =>
      `${name}의 AI 모델 ${model}이(가) 건수, 카테고리, 정리된 검색어로 프로필을 씁니다.`,
    neverSent: '방문자 ID, IP 주소, 연락처는 받지 않습니다.',
    noModel: '자체 서비스의 정해진 규칙으로 프로필을 만들며 AI 모델은 쓰지 않습니다.',
    sensitive: '프로필은 건강, 종교, 정치, 성생활, 민족, 노동조합을 추측하지 않습니다.',
    effects: (r) => `프로필은 마케팅 내용만 고르며 법적 효과나 그와 비슷한 결정을 하지 않습니다(${law(r)}).`,
    questionsModel: (model) =>
      `이 페이지의 질문은 정리한 뒤 답변 작성을 위해 ${model}에 보냅니다. 주제별 건수만 남깁니다.`,
    questionsRules: '이 페이지의 질문에는 정해진 규칙으로 답합니다. 주제별 건수만 남깁니다.',
  },
  rights: {
    withdraw: (s) =>
      `이 사이트의 "${s}"에서 언제든 선택을 바꾸거나 철회할 수 있으며, 철회하면 정보가 바로 삭제됩니다.`,
    export: (dl, s) => `"${s}"의 "${dl}"로 저장된 정보의 사본을 받을 수 있습니다.`,
    erase: (de, s) => `"${s}"의 "${de}"로 정보를 삭제할 수 있습니다.`,
    gpc: '브라우저가 Global Privacy Control을 보내면 마케팅 프로필을 만들지 않습니다.',
    other: '정보의 정정, 이용 제한, 이용 반대, 이동 가능한 형식의 제공도 요청할 수 있습니다.',
    complaint: (a) =>
      a ? `개인정보 감독 기관에 민원을 낼 수 있습니다: ${a}.` : '개인정보 감독 기관에 민원을 낼 수 있습니다.',
  },
  contact: {
    controller: (n) => `이 정보의 책임자(컨트롤러)는 ${n}입니다.`,
    contact: (c) => (c ? `연락처: ${c}.` : '이 사이트에 있는 연락처를 이용해 주세요.'),
    dpo: (d) => `개인정보 보호책임자: ${d}.`,
  },
  faq: {
    sell: '내 정보를 판매하나요?',
    howLong: '내 정보를 얼마나 보관하나요?',
    delete: '내 정보는 어떻게 삭제하나요?',
    ai: 'AI를 쓰나요?',
  },
}
