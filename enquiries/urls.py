from django.urls import path

from enquiries.intake import views as intake_views
from enquiries.ratings import views as ratings_views

app_name = "enquiries"

urlpatterns = [
    path("get-help/", intake_views.get_help, name="get_help"),
    path("get-help/sent/", intake_views.confirmation, name="confirmation"),
    path("my-enquiries/", intake_views.my_enquiries, name="my_enquiries"),
    path("my-enquiries/<str:reference>/", intake_views.my_enquiry, name="my_enquiry"),
    path("my-enquiries/<str:reference>/status/", intake_views.my_enquiry_status, name="my_enquiry_status"),
    path("attachments/<int:pk>/", intake_views.download_attachment, name="attachment"),
    path("rate/<str:token>/", ratings_views.rate, name="rate"),
]
