// A tiny router: buttons push their data-path; "same" replaces the state with the current URL.
for (const b of document.querySelectorAll('button[data-path]')) {
  b.addEventListener('click', () => {
    history.pushState({}, '', b.dataset.path)
    document.title = `SPA ${b.id}`
  })
}
document
  .getElementById('same')
  .addEventListener('click', () => history.replaceState({ x: 1 }, '', location.href))
