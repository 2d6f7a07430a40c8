from ninja import Router

router = Router(tags=["case log"])
