import os

from django.core.wsgi import get_wsgi_application

from seldinger.operations.request_ids import with_request_ids

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
application = with_request_ids(get_wsgi_application())
