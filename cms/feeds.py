"""RSS feed of news, newest first (Django's syndication framework)."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

UK_TIME = ZoneInfo("Europe/London")


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = 20

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title}: SoR Return to Practice and International Recruitment"

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.introduction or "News for returning and internationally educated radiographers"

    def items(self):
        return self.index_page.news_items()[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        # The news date an editor chose (the site sorts by it), at 09:00 UK time.
        return datetime.datetime.combine(item.date, datetime.time(9, 0), tzinfo=UK_TIME)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
