"""Form families as a registry: each names itself by the labels it prints and overrides
only the steps that differ from the national form (see DOMAIN §1, form variants)."""
from ingest.forms import department, generic, guangdong, national, sichuan, split_target
from ingest.forms.base import Form, Reading

# Tried in this order: the more specific families first, the national form, then the
# narrative fallback, which matches anything.
FORMS: dict[str, Form] = {form.name: form for form in (
    department.FORM, guangdong.FORM, sichuan.FORM, split_target.FORM, national.FORM, generic.FORM)}


def name_form(reading: Reading) -> Form:
    """The first family whose labels the document prints."""
    return next(form for form in FORMS.values() if form.matches(reading))


__all__ = ["FORMS", "Form", "Reading", "name_form"]
