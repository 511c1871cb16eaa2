from django.urls import path

from . import rating_views, views

app_name = "enquiries"

urlpatterns = [
    path("get-help/", views.get_help, name="get_help"),
    path("get-help/sent/", views.confirmation, name="confirmation"),
    path("my-enquiries/", views.my_enquiries, name="my_enquiries"),
    path("my-enquiries/<str:reference>/", views.my_enquiry, name="my_enquiry"),
    path("my-enquiries/<str:reference>/status/", views.my_enquiry_status, name="my_enquiry_status"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
    path("rate/<str:token>/", rating_views.rate, name="rate"),
]
