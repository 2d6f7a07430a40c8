"""Admins edit events (audiences as checkboxes)."""

from seldinger.careers.models import CommunityEvent


def test_admin_adds_an_event_with_audiences(admin_client):
    response = admin_client.post(
        "/admin/careers/communityevent/add/",
        {
            "title": "IR Residency Spring Practicum",
            "kind": "practicum",
            "start_date": "2027-05-30",
            "end_date": "2027-06-01",
            "audiences": ["graduating"],
            "description": "",
            "url": "https://www.sirweb.org/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CommunityEvent.objects.get().audiences == ["graduating"]
