# Generated from schemas/policy.schema.json by make validators; do not edit.
# ruff: noqa
# mypy: ignore-errors
VERSION = "2.22.3"
import re
from riskctl.reading.compiled import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[A-Za-z0-9][A-Za-z0-9._-]*$': re.compile('^[A-Za-z0-9][A-Za-z0-9._-]*\\Z'),
    '^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)$': re.compile('^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)\\Z'),
    '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$': re.compile('^[0-9]{4}-[0-9]{2}(-[0-9]{2})?\\Z')
}

NoneType = type(None)

def validate_urn_riskctl_schema_policy(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['reference', 'title', 'owner', 'status', 'review']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "reference" in data_keys:
            data_keys.remove("reference")
            data__reference = data["reference"]
            if not isinstance(data__reference, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reference must be string")
            if isinstance(data__reference, str):
                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9._-]*$'].search(data__reference):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".reference must match pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$")
        if "title" in data_keys:
            data_keys.remove("title")
            data__title = data["title"]
            if not isinstance(data__title, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".title must be string")
            if isinstance(data__title, str):
                data__title_len = len(data__title)
                if data__title_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".title must be longer than or equal to 1 characters")
        if "owner" in data_keys:
            data_keys.remove("owner")
            data__owner = data["owner"]
            validate____defs_owner(data__owner, custom_formats, (name_prefix or "data") + ".owner")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not (isinstance(data__status, str) and data__status == 'draft' or isinstance(data__status, str) and data__status == 'active' or isinstance(data__status, str) and data__status == 'retired'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['draft', 'active', 'retired']")
        if "applies_to" in data_keys:
            data_keys.remove("applies_to")
            data__appliesto = data["applies_to"]
            if not isinstance(data__appliesto, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".applies_to must be array")
            data__appliesto_is_list = isinstance(data__appliesto, (list, tuple))
            if data__appliesto_is_list:
                data__appliesto_len = len(data__appliesto)
                for data__appliesto_x, data__appliesto_item in enumerate(data__appliesto):
                    if not isinstance(data__appliesto_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".applies_to[{data__appliesto_x}]" + " must be string")
                    if isinstance(data__appliesto_item, str):
                        data__appliesto_item_len = len(data__appliesto_item)
                        if data__appliesto_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".applies_to[{data__appliesto_x}]" + " must be longer than or equal to 1 characters")
        if "classification" in data_keys:
            data_keys.remove("classification")
            data__classification = data["classification"]
            if not isinstance(data__classification, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".classification must be string")
        if "summary" in data_keys:
            data_keys.remove("summary")
            data__summary = data["summary"]
            if not isinstance(data__summary, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".summary must be string")
        if "review" in data_keys:
            data_keys.remove("review")
            data__review = data["review"]
            if not isinstance(data__review, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must be object")
            data__review_is_dict = isinstance(data__review, dict)
            if data__review_is_dict:
                data__review__missing_keys = set(['last', 'every']) - data__review.keys()
                if data__review__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must contain ")
                data__review_keys = set(data__review.keys())
                if "last" in data__review_keys:
                    data__review_keys.remove("last")
                    data__review__last = data__review["last"]
                    validate____defs_date(data__review__last, custom_formats, (name_prefix or "data") + ".review.last")
                if "every" in data__review_keys:
                    data__review_keys.remove("every")
                    data__review__every = data__review["every"]
                    validate____defs_duration(data__review__every, custom_formats, (name_prefix or "data") + ".review.every")
                if "next" in data__review_keys:
                    data__review_keys.remove("next")
                    data__review__next = data__review["next"]
                    validate____defs_date(data__review__next, custom_formats, (name_prefix or "data") + ".review.next")
                if "history" in data__review_keys:
                    data__review_keys.remove("history")
                    data__review__history = data__review["history"]
                    if not isinstance(data__review__history, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".review.history must be array")
                    data__review__history_is_list = isinstance(data__review__history, (list, tuple))
                    if data__review__history_is_list:
                        data__review__history_len = len(data__review__history)
                        for data__review__history_x, data__review__history_item in enumerate(data__review__history):
                            if not isinstance(data__review__history_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".review.history[{data__review__history_x}]" + " must be object")
                            data__review__history_item_is_dict = isinstance(data__review__history_item, dict)
                            if data__review__history_item_is_dict:
                                data__review__history_item__missing_keys = set(['date']) - data__review__history_item.keys()
                                if data__review__history_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".review.history[{data__review__history_x}]" + " must contain ")
                                data__review__history_item_keys = set(data__review__history_item.keys())
                                if "date" in data__review__history_item_keys:
                                    data__review__history_item_keys.remove("date")
                                    data__review__history_item__date = data__review__history_item["date"]
                                    validate____defs_date(data__review__history_item__date, custom_formats, (name_prefix or "data") + f".review.history[{data__review__history_x}].date")
                                if "by" in data__review__history_item_keys:
                                    data__review__history_item_keys.remove("by")
                                    data__review__history_item__by = data__review__history_item["by"]
                                    if not isinstance(data__review__history_item__by, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".review.history[{data__review__history_x}].by" + " must be string")
                                if "note" in data__review__history_item_keys:
                                    data__review__history_item_keys.remove("note")
                                    data__review__history_item__note = data__review__history_item["note"]
                                    if not isinstance(data__review__history_item__note, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".review.history[{data__review__history_x}].note" + " must be string")
                                if data__review__history_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".review.history[{data__review__history_x}]" + " must not contain "+str(data__review__history_item_keys)+" properties")
                if data__review_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must not contain "+str(data__review_keys)+" properties")
        if "mandatory" in data_keys:
            data_keys.remove("mandatory")
            data__mandatory = data["mandatory"]
            if not isinstance(data__mandatory, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mandatory must be boolean")
        if "risk_rating" in data_keys:
            data_keys.remove("risk_rating")
            data__riskrating = data["risk_rating"]
            if not isinstance(data__riskrating, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".risk_rating must be string")
        if "legislation" in data_keys:
            data_keys.remove("legislation")
            data__legislation = data["legislation"]
            if not isinstance(data__legislation, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".legislation must be array")
            data__legislation_is_list = isinstance(data__legislation, (list, tuple))
            if data__legislation_is_list:
                data__legislation_len = len(data__legislation)
                for data__legislation_x, data__legislation_item in enumerate(data__legislation):
                    if not isinstance(data__legislation_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".legislation[{data__legislation_x}]" + " must be string")
                    if isinstance(data__legislation_item, str):
                        data__legislation_item_len = len(data__legislation_item)
                        if data__legislation_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".legislation[{data__legislation_x}]" + " must be longer than or equal to 1 characters")
        if "sources" in data_keys:
            data_keys.remove("sources")
            data__sources = data["sources"]
            if not isinstance(data__sources, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".sources must be array")
            data__sources_is_list = isinstance(data__sources, (list, tuple))
            if data__sources_is_list:
                data__sources_len = len(data__sources)
                for data__sources_x, data__sources_item in enumerate(data__sources):
                    if not isinstance(data__sources_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".sources[{data__sources_x}]" + " must be string")
                    if isinstance(data__sources_item, str):
                        data__sources_item_len = len(data__sources_item)
                        if data__sources_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".sources[{data__sources_x}]" + " must be longer than or equal to 1 characters")
        if "related" in data_keys:
            data_keys.remove("related")
            data__related = data["related"]
            if not isinstance(data__related, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".related must be array")
            data__related_is_list = isinstance(data__related, (list, tuple))
            if data__related_is_list:
                data__related_len = len(data__related)
                for data__related_x, data__related_item in enumerate(data__related):
                    if not isinstance(data__related_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".related[{data__related_x}]" + " must be string")
                    if isinstance(data__related_item, str):
                        data__related_item_len = len(data__related_item)
                        if data__related_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".related[{data__related_x}]" + " must be longer than or equal to 1 characters")
        if "procedures" in data_keys:
            data_keys.remove("procedures")
            data__procedures = data["procedures"]
            if not isinstance(data__procedures, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".procedures must be array")
            data__procedures_is_list = isinstance(data__procedures, (list, tuple))
            if data__procedures_is_list:
                data__procedures_len = len(data__procedures)
                for data__procedures_x, data__procedures_item in enumerate(data__procedures):
                    if not isinstance(data__procedures_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".procedures[{data__procedures_x}]" + " must be string")
                    if isinstance(data__procedures_item, str):
                        data__procedures_item_len = len(data__procedures_item)
                        if data__procedures_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".procedures[{data__procedures_x}]" + " must be longer than or equal to 1 characters")
        if "equality_impact_assessment" in data_keys:
            data_keys.remove("equality_impact_assessment")
            data__equalityimpactassessment = data["equality_impact_assessment"]
            if not isinstance(data__equalityimpactassessment, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".equality_impact_assessment must be object")
            data__equalityimpactassessment_is_dict = isinstance(data__equalityimpactassessment, dict)
            if data__equalityimpactassessment_is_dict:
                data__equalityimpactassessment__missing_keys = set(['done']) - data__equalityimpactassessment.keys()
                if data__equalityimpactassessment__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".equality_impact_assessment must contain ")
                data__equalityimpactassessment_keys = set(data__equalityimpactassessment.keys())
                if "done" in data__equalityimpactassessment_keys:
                    data__equalityimpactassessment_keys.remove("done")
                    data__equalityimpactassessment__done = data__equalityimpactassessment["done"]
                    if not isinstance(data__equalityimpactassessment__done, (bool)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".equality_impact_assessment.done must be boolean")
                if "outcome" in data__equalityimpactassessment_keys:
                    data__equalityimpactassessment_keys.remove("outcome")
                    data__equalityimpactassessment__outcome = data__equalityimpactassessment["outcome"]
                    if not isinstance(data__equalityimpactassessment__outcome, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".equality_impact_assessment.outcome must be string")
                if data__equalityimpactassessment_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".equality_impact_assessment must not contain "+str(data__equalityimpactassessment_keys)+" properties")
        if "consultation" in data_keys:
            data_keys.remove("consultation")
            data__consultation = data["consultation"]
            if not isinstance(data__consultation, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".consultation must be array")
            data__consultation_is_list = isinstance(data__consultation, (list, tuple))
            if data__consultation_is_list:
                data__consultation_len = len(data__consultation)
                for data__consultation_x, data__consultation_item in enumerate(data__consultation):
                    if not isinstance(data__consultation_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".consultation[{data__consultation_x}]" + " must be string")
                    if isinstance(data__consultation_item, str):
                        data__consultation_item_len = len(data__consultation_item)
                        if data__consultation_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".consultation[{data__consultation_x}]" + " must be longer than or equal to 1 characters")
        if "changes" in data_keys:
            data_keys.remove("changes")
            data__changes = data["changes"]
            if not isinstance(data__changes, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".changes must be array")
            data__changes_is_list = isinstance(data__changes, (list, tuple))
            if data__changes_is_list:
                data__changes_len = len(data__changes)
                for data__changes_x, data__changes_item in enumerate(data__changes):
                    if not isinstance(data__changes_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".changes[{data__changes_x}]" + " must be object")
                    data__changes_item_is_dict = isinstance(data__changes_item, dict)
                    if data__changes_item_is_dict:
                        data__changes_item__missing_keys = set(['date', 'summary']) - data__changes_item.keys()
                        if data__changes_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".changes[{data__changes_x}]" + " must contain ")
                        data__changes_item_keys = set(data__changes_item.keys())
                        if "date" in data__changes_item_keys:
                            data__changes_item_keys.remove("date")
                            data__changes_item__date = data__changes_item["date"]
                            validate____defs_date(data__changes_item__date, custom_formats, (name_prefix or "data") + f".changes[{data__changes_x}].date")
                        if "summary" in data__changes_item_keys:
                            data__changes_item_keys.remove("summary")
                            data__changes_item__summary = data__changes_item["summary"]
                            if not isinstance(data__changes_item__summary, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".changes[{data__changes_x}].summary" + " must be string")
                            if isinstance(data__changes_item__summary, str):
                                data__changes_item__summary_len = len(data__changes_item__summary)
                                if data__changes_item__summary_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".changes[{data__changes_x}].summary" + " must be longer than or equal to 1 characters")
                        if data__changes_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".changes[{data__changes_x}]" + " must not contain "+str(data__changes_item_keys)+" properties")
        if "tags" in data_keys:
            data_keys.remove("tags")
            data__tags = data["tags"]
            if not isinstance(data__tags, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tags must be array")
            data__tags_is_list = isinstance(data__tags, (list, tuple))
            if data__tags_is_list:
                data__tags_len = len(data__tags)
                for data__tags_x, data__tags_item in enumerate(data__tags):
                    if not isinstance(data__tags_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".tags[{data__tags_x}]" + " must be string")
                    if isinstance(data__tags_item, str):
                        data__tags_item_len = len(data__tags_item)
                        if data__tags_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".tags[{data__tags_x}]" + " must be longer than or equal to 1 characters")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate____defs_duration(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)$")
        if not custom_formats["riskctl-duration"](data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be riskctl-duration")
    return data

def validate____defs_date(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")
        if not custom_formats["riskctl-date"](data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be riskctl-date")
    return data

def validate____defs_owner(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str, list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string or array")
    if isinstance(data, str):
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be longer than or equal to 1 characters")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain at least 1 items")
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
            if isinstance(data_item, str):
                data_item_len = len(data_item)
                if data_item_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be longer than or equal to 1 characters")
    return data