// Filters that update in place. A filter form marked data-live-filter="<results id>" still works as
// a plain GET form; with this script, ticking a box or choosing from a list fetches the same address
// the form would have loaded, swaps in the new results, error summary and result count (which is in
// a role=status region, so screen readers announce it), and updates the address bar. Typing in the
// search box still waits for the "Apply filters" button or Enter.
//
// The fields sit in a <details> served open (readable without JavaScript); on a narrow screen this
// closes it at load, unless the form reports errors, so a phone shows the summary and the count first.

const SWAPPED = ['[data-result-count]', '[data-filters-applied]', '.nhsuk-error-summary']
// NHS.UK frontend's tablet breakpoint (641px): below it the filters start closed.
const NARROW = '(max-width: 40.0525em)'
// One request in flight per form: a newer change aborts the older request, so a slow, stale
// response can never overwrite newer results or the address.
const inFlight = new WeakMap()

function formUrl (form) {
  const params = new URLSearchParams()
  for (const [name, value] of new FormData(form)) {
    if (value !== '') params.append(name, value)
  }
  const query = params.toString()
  return form.getAttribute('action') + (query ? '?' + query : '')
}

function swap (from, to, selector) {
  const fresh = from.querySelector(selector)
  const current = to.querySelector(selector)
  if (fresh && current) current.innerHTML = fresh.innerHTML
  else if (current && !fresh) current.remove()
}

async function update (form, resultsId) {
  const url = formUrl(form)
  const results = document.getElementById(resultsId)
  if (!results) return form.submit()
  inFlight.get(form)?.abort()
  const controller = new AbortController()
  inFlight.set(form, controller)
  results.setAttribute('aria-busy', 'true')
  try {
    const response = await fetch(url, {
      headers: { 'X-Requested-With': 'fetch' },
      credentials: 'same-origin',
      signal: controller.signal
    })
    if (!response.ok) throw new Error('HTTP ' + response.status)
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html')
    const freshResults = doc.getElementById(resultsId)
    const freshForm = doc.querySelector('[data-live-filter="' + resultsId + '"]')
    if (!freshResults || !freshForm) throw new Error('Unexpected page')
    results.innerHTML = freshResults.innerHTML
    for (const selector of SWAPPED) swap(freshForm, form, selector)
    const clear = form.querySelector('.sor-filter-panel__clear')
    const freshClear = freshForm.querySelector('.sor-filter-panel__clear')
    if (!clear && freshClear) form.querySelector('.sor-filter-panel__actions').append(freshClear)
    window.history.replaceState(null, '', url)
  } catch (error) {
    if (error.name === 'AbortError') return
    form.submit()
  } finally {
    if (inFlight.get(form) === controller) {
      inFlight.delete(form)
      results.removeAttribute('aria-busy')
    }
  }
}

function collapseOnNarrowScreens (form) {
  const details = form.querySelector('[data-filter-details]')
  if (!details || !window.matchMedia || !window.matchMedia(NARROW).matches) return
  if (form.querySelector('.nhsuk-error-summary')) return
  details.open = false
}

export function initLiveFilters () {
  for (const form of document.querySelectorAll('form[data-live-filter]')) collapseOnNarrowScreens(form)
  if (!window.fetch || !window.DOMParser || !window.history.replaceState) return
  for (const form of document.querySelectorAll('form[data-live-filter]')) {
    const resultsId = form.dataset.liveFilter
    form.addEventListener('change', (event) => {
      const target = event.target
      if (target.matches('input[type="checkbox"], input[type="radio"], select')) update(form, resultsId)
    })
  }
}
