// A stub IAB TCF v2.2 CMP for tests: __tcfapi with ping / addEventListener / removeEventListener.
// Listeners are called at once (status "cmpuishown" until a decision), then on every decision.
// Tests decide with window.__tcfTest.decide({ 1: true, 8: true, ... }, 'useractioncomplete').
;(() => {
  const listeners = []
  let tcData = {
    gdprApplies: true,
    eventStatus: 'cmpuishown',
    cmpId: 999,
    tcfPolicyVersion: 4,
    purpose: { consents: {} },
  }
  window.__tcfapi = (command, version, cb) => {
    if (version !== 2) return
    if (command === 'ping')
      return cb({ cmpLoaded: true, apiVersion: '2.2', gdprApplies: true, cmpStatus: 'loaded' }, true)
    if (command === 'addEventListener') {
      listeners.push(cb)
      return cb({ ...tcData, listenerId: listeners.length }, true)
    }
    if (command === 'removeEventListener') return cb(true)
  }
  window.__tcfTest = {
    decide(consents, eventStatus = 'useractioncomplete', gdprApplies = true) {
      tcData = { ...tcData, gdprApplies, eventStatus, purpose: { consents } }
      for (const cb of listeners) cb({ ...tcData }, true)
    },
  }
})()
