from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse

from seldinger.web import views

VENDORED = {
    "vendor/pico/pico.min.css": "vendor/pico/LICENSE.md",
    "vendor/chartjs/chart.umd.min.js": "vendor/chartjs/LICENSE.md",
    "vendor/htmx/htmx.min.js": "vendor/htmx/LICENSE",
}


def test_unknown_url_gives_friendly_404_inside_the_site_layout(client, db):
    response = client.get("/no-such-page/anywhere")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<nav aria-label="Main"' in html
    assert f'href="{reverse("web:home")}" role="button">Go to the home page</a>' in html


def test_server_error_page_is_standalone_and_needs_no_database():
    # No ``db`` fixture: any database access here would fail the test.
    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert '<html lang="en">' in html
    assert '<a href="/">Go to the home page</a>' in html


def test_vendored_static_files_exist_with_their_licences():
    for asset, licence in VENDORED.items():
        assert finders.find(asset), f"missing static file {asset}"
        assert finders.find(licence), f"missing licence for {asset}"
    assert finders.find("vendor/README.md")
    assert finders.find("seldinger/site.css")


def test_pages_load_no_assets_from_a_cdn(client, db):
    html = client.get(reverse("web:home")).content.decode()

    assert "/static/vendor/pico/pico.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert 'src="http' not in html
    assert 'rel="stylesheet" href="http' not in html


def test_forbidden_page_is_in_the_site_layout_and_says_what_to_do(client, resident):
    client.force_login(resident)

    response = client.get(reverse("caselog:cohort"))

    assert response.status_code == 403
    html = response.content.decode()
    assert '<nav aria-label="Main"' in html
    assert "This page is not open to your account" in html
    assert "The cohort is for program directors and coordinators." in html
    assert "ask your program coordinator" in html
    assert f'<a href="{reverse("home:index")}" role="button">Go to your home page</a>' in html


def test_not_found_for_a_visitor_offers_the_login_coming_back_here(client, db):
    html = client.get("/no-such-page/").content.decode()
    assert f'href="{reverse("accounts:login")}?next=%2Fno-such-page%2F"' in html


def test_bad_request_page_is_in_the_site_layout(client, db):
    response = client.get("/", HTTP_HOST="not-our-site.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html
    assert '<nav aria-label="Main"' in html


def test_errors_under_the_api_stay_json_in_the_one_error_shape(client, db):
    response = client.get("/api/no-such-endpoint")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found", "errors": []}


def test_server_error_under_the_api_is_json(db):
    response = views.server_error(RequestFactory().get("/api/cases"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": "Server error", "errors": []}'
