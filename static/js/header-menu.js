// The phone header's Menu button (templates/components/header.html): shows and hides the account
// links and the navigation, saying which with aria-expanded. Escape closes it and returns focus to
// the button. The CSS shows the button, and collapses the lists, only below the tablet breakpoint.
const header = document.querySelector('.sor-header')
const toggle = header && header.querySelector('.sor-header__menu-toggle')

if (toggle) {
  toggle.hidden = false
  const setOpen = (open) => {
    toggle.setAttribute('aria-expanded', String(open))
    header.classList.toggle('sor-header--open', open)
  }
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'))
  header.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true') {
      setOpen(false)
      toggle.focus()
    }
  })
}
