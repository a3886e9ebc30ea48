// The queue stub a site puts before heed.js, so heed(...) can be called before it loads.
window.heed =
  window.heed ||
  function () {
    window.heed.q = window.heed.q || []
    // biome-ignore lint/complexity/noArguments: the stub queues Arguments objects, which heed.js replays
    window.heed.q.push(arguments)
  }
