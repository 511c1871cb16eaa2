"""``{% content_generation as generation %}``: the content generation (cms.content_cache), for
``{% cache %}`` keys of fragments that show content, such as a card's responsive picture, whose
rendition lookups cost milliseconds each. Any content change moves the generation on."""

from django import template

from cms.content_cache import content_generation as current_generation

register = template.Library()


@register.simple_tag
def content_generation():
    return current_generation()
