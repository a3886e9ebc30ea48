// An in-page search (no navigation), like a single-page app's.
document.getElementById('search-spa').addEventListener('submit', (e) => e.preventDefault())
