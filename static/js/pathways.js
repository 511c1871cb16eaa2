// Pathway finder: progressive enhancement only. Without JavaScript every form posts and the page reloads.
//
// 1. "Mark as done" buttons update the plan in place: the form is posted with fetch, and the steps and
//    progress bar are replaced with the server's fresh copy, so the page never shows a state the server
//    does not hold. Focus returns to the same step's button and a status message is announced.
// 2. On printable pages, a "Print this page" button appears.
// 3. Radios with follow-up questions show only the chosen option's follow-up. (NHS.UK frontend's own
//    conditional reveal sets aria-expanded on radio inputs, which ARIA does not allow; this does not.)

function announce (message) {
  let region = document.getElementById('pathways-status')
  if (!region) {
    region = document.createElement('div')
    region.id = 'pathways-status'
    region.className = 'nhsuk-u-visually-hidden'
    region.setAttribute('role', 'status')
    document.body.appendChild(region)
  }
  region.textContent = ''
  window.setTimeout(() => { region.textContent = message }, 50)
}

async function submitTick (form) {
  const section = form.closest('section')
  const stepId = form.closest('li') && form.closest('li').id
  const response = await fetch(form.action, {
    method: 'POST',
    body: new FormData(form),
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'fetch' }
  })
  if (!response.ok) throw new Error('Tick failed: ' + response.status)
  const html = await response.text()
  const fresh = new DOMParser().parseFromString(html, 'text/html')
  const freshSection = fresh.getElementById(section.getAttribute('aria-labelledby'))
  if (!freshSection) throw new Error('No plan in the response')
  section.replaceWith(freshSection.closest('section'))
  bindTicks(document)
  const step = stepId && document.getElementById(stepId)
  if (step) {
    const button = step.querySelector('[data-pathways-tick] button')
    if (button) button.focus()
  }
  const label = document.querySelector('label[for="plan-progress"]')
  announce(label ? label.textContent.trim() : 'Your plan has been updated')
}

function bindTicks (root) {
  root.querySelectorAll('form[data-pathways-tick]').forEach((form) => {
    if (form.dataset.bound) return
    form.dataset.bound = 'true'
    form.addEventListener('submit', (event) => {
      if (!window.fetch || !window.DOMParser) return
      event.preventDefault()
      submitTick(form).catch(() => form.submit())
    })
  })
}

function bindPrint (root) {
  root.querySelectorAll('[data-pathways-print]').forEach((button) => {
    button.hidden = false
    button.addEventListener('click', () => window.print())
  })
}

function bindConditionals (root) {
  root.querySelectorAll('input[type=radio][data-pathways-controls]').forEach((input) => {
    input.setAttribute('aria-controls', input.dataset.pathwaysControls)
  })
  const groups = new Set()
  root.querySelectorAll('input[type=radio][data-pathways-controls]').forEach((input) => groups.add(input.name))
  groups.forEach((name) => {
    const radios = root.querySelectorAll(`input[type=radio][name="${CSS.escape(name)}"]`)
    const sync = () => {
      radios.forEach((radio) => {
        const target = radio.dataset.pathwaysControls && document.getElementById(radio.dataset.pathwaysControls)
        if (target) target.classList.toggle('nhsuk-radios__conditional--hidden', !radio.checked)
      })
    }
    radios.forEach((radio) => radio.addEventListener('change', sync))
    sync()
  })
}

bindTicks(document)
bindPrint(document)
bindConditionals(document)
