from django.urls import path

from signin import twofactor_views as views

app_name = "signin"
urlpatterns = [
    # steps of signing in, under /accounts/ with the login and logout
    path("accounts/two-factor/", views.verify, name="verify"),
    path("accounts/two-factor/setup/", views.setup, name="setup"),
    path("accounts/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    # the user's own settings, a tab of the account pages
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/recovery-codes/new/", views.regenerate, name="regenerate"),
    path("account/two-factor/off/", views.disable, name="disable"),
]
