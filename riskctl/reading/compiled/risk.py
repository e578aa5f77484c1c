# Generated from schemas/risk.schema.json by make validators; do not edit.
# ruff: noqa
# mypy: ignore-errors
VERSION = "2.22.3"
import re
from riskctl.reading.compiled import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[A-Za-z0-9][A-Za-z0-9._-]*$': re.compile('^[A-Za-z0-9][A-Za-z0-9._-]*\\Z'),
    '^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9._-]*$': re.compile('^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9._-]*\\Z'),
    '^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)$': re.compile('^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)\\Z'),
    '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$': re.compile('^[0-9]{4}-[0-9]{2}(-[0-9]{2})?\\Z')
}

NoneType = type(None)

def validate_urn_riskctl_schema_risk(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'title', 'category', 'owner', 'status', 'inherent', 'residual', 'review']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            if not isinstance(data__id, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must be string")
            if isinstance(data__id, str):
                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9._-]*$'].search(data__id):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must match pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$")
        if "title" in data_keys:
            data_keys.remove("title")
            data__title = data["title"]
            if not isinstance(data__title, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".title must be string")
            if isinstance(data__title, str):
                data__title_len = len(data__title)
                if data__title_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".title must be longer than or equal to 1 characters")
        if "description" in data_keys:
            data_keys.remove("description")
            data__description = data["description"]
            if not isinstance(data__description, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".description must be string")
        if "category" in data_keys:
            data_keys.remove("category")
            data__category = data["category"]
            if not isinstance(data__category, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".category must be string")
            if isinstance(data__category, str):
                data__category_len = len(data__category)
                if data__category_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".category must be longer than or equal to 1 characters")
        if "owner" in data_keys:
            data_keys.remove("owner")
            data__owner = data["owner"]
            validate____defs_owner(data__owner, custom_formats, (name_prefix or "data") + ".owner")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not (isinstance(data__status, str) and data__status == 'open' or isinstance(data__status, str) and data__status == 'closed'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['open', 'closed']")
        if "response" in data_keys:
            data_keys.remove("response")
            data__response = data["response"]
            if not (isinstance(data__response, str) and data__response == 'treat' or isinstance(data__response, str) and data__response == 'tolerate' or isinstance(data__response, str) and data__response == 'transfer' or isinstance(data__response, str) and data__response == 'terminate' or isinstance(data__response, str) and data__response == 'take'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".response must be one of ['treat', 'tolerate', 'transfer', 'terminate', 'take']")
        if "raised" in data_keys:
            data_keys.remove("raised")
            data__raised = data["raised"]
            validate____defs_date(data__raised, custom_formats, (name_prefix or "data") + ".raised")
        if "closed" in data_keys:
            data_keys.remove("closed")
            data__closed = data["closed"]
            validate____defs_date(data__closed, custom_formats, (name_prefix or "data") + ".closed")
        if "inherent" in data_keys:
            data_keys.remove("inherent")
            data__inherent = data["inherent"]
            if not isinstance(data__inherent, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".inherent must be object")
            data__inherent_is_dict = isinstance(data__inherent, dict)
            if data__inherent_is_dict:
                data__inherent__missing_keys = set(['likelihood', 'impact']) - data__inherent.keys()
                if data__inherent__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".inherent must contain ")
                data__inherent_keys = set(data__inherent.keys())
                if "likelihood" in data__inherent_keys:
                    data__inherent_keys.remove("likelihood")
                    data__inherent__likelihood = data__inherent["likelihood"]
                    validate____defs_level(data__inherent__likelihood, custom_formats, (name_prefix or "data") + ".inherent.likelihood")
                if "impact" in data__inherent_keys:
                    data__inherent_keys.remove("impact")
                    data__inherent__impact = data__inherent["impact"]
                    validate____defs_level(data__inherent__impact, custom_formats, (name_prefix or "data") + ".inherent.impact")
                if "score" in data__inherent_keys:
                    data__inherent_keys.remove("score")
                    data__inherent__score = data__inherent["score"]
                    if not isinstance(data__inherent__score, (int)) and not (isinstance(data__inherent__score, float) and data__inherent__score.is_integer()) or isinstance(data__inherent__score, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".inherent.score must be integer")
                    if isinstance(data__inherent__score, (int, float)) and not isinstance(data__inherent__score, bool):
                        if data__inherent__score > 1000000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".inherent.score must be smaller than or equal to 1000000")
                if data__inherent_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".inherent must not contain "+str(data__inherent_keys)+" properties")
        if "residual" in data_keys:
            data_keys.remove("residual")
            data__residual = data["residual"]
            if not isinstance(data__residual, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".residual must be object")
            data__residual_is_dict = isinstance(data__residual, dict)
            if data__residual_is_dict:
                data__residual__missing_keys = set(['likelihood', 'impact']) - data__residual.keys()
                if data__residual__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".residual must contain ")
                data__residual_keys = set(data__residual.keys())
                if "likelihood" in data__residual_keys:
                    data__residual_keys.remove("likelihood")
                    data__residual__likelihood = data__residual["likelihood"]
                    validate____defs_level(data__residual__likelihood, custom_formats, (name_prefix or "data") + ".residual.likelihood")
                if "impact" in data__residual_keys:
                    data__residual_keys.remove("impact")
                    data__residual__impact = data__residual["impact"]
                    validate____defs_level(data__residual__impact, custom_formats, (name_prefix or "data") + ".residual.impact")
                if "score" in data__residual_keys:
                    data__residual_keys.remove("score")
                    data__residual__score = data__residual["score"]
                    if not isinstance(data__residual__score, (int)) and not (isinstance(data__residual__score, float) and data__residual__score.is_integer()) or isinstance(data__residual__score, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".residual.score must be integer")
                    if isinstance(data__residual__score, (int, float)) and not isinstance(data__residual__score, bool):
                        if data__residual__score > 1000000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".residual.score must be smaller than or equal to 1000000")
                if data__residual_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".residual must not contain "+str(data__residual_keys)+" properties")
        if "target" in data_keys:
            data_keys.remove("target")
            data__target = data["target"]
            if not isinstance(data__target, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must be object")
            data__target_is_dict = isinstance(data__target, dict)
            if data__target_is_dict:
                data__target__missing_keys = set(['likelihood', 'impact']) - data__target.keys()
                if data__target__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must contain ")
                data__target_keys = set(data__target.keys())
                if "likelihood" in data__target_keys:
                    data__target_keys.remove("likelihood")
                    data__target__likelihood = data__target["likelihood"]
                    validate____defs_level(data__target__likelihood, custom_formats, (name_prefix or "data") + ".target.likelihood")
                if "impact" in data__target_keys:
                    data__target_keys.remove("impact")
                    data__target__impact = data__target["impact"]
                    validate____defs_level(data__target__impact, custom_formats, (name_prefix or "data") + ".target.impact")
                if "score" in data__target_keys:
                    data__target_keys.remove("score")
                    data__target__score = data__target["score"]
                    if not isinstance(data__target__score, (int)) and not (isinstance(data__target__score, float) and data__target__score.is_integer()) or isinstance(data__target__score, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".target.score must be integer")
                    if isinstance(data__target__score, (int, float)) and not isinstance(data__target__score, bool):
                        if data__target__score > 1000000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".target.score must be smaller than or equal to 1000000")
                if "by" in data__target_keys:
                    data__target_keys.remove("by")
                    data__target__by = data__target["by"]
                    validate____defs_date(data__target__by, custom_formats, (name_prefix or "data") + ".target.by")
                if data__target_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must not contain "+str(data__target_keys)+" properties")
        if "controls" in data_keys:
            data_keys.remove("controls")
            data__controls = data["controls"]
            if not isinstance(data__controls, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".controls must be array")
            data__controls_is_list = isinstance(data__controls, (list, tuple))
            if data__controls_is_list:
                data__controls_len = len(data__controls)
                for data__controls_x, data__controls_item in enumerate(data__controls):
                    if not isinstance(data__controls_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}]" + " must be object")
                    data__controls_item_is_dict = isinstance(data__controls_item, dict)
                    if data__controls_item_is_dict:
                        data__controls_item__missing_keys = set(['description']) - data__controls_item.keys()
                        if data__controls_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}]" + " must contain ")
                        data__controls_item_keys = set(data__controls_item.keys())
                        if "description" in data__controls_item_keys:
                            data__controls_item_keys.remove("description")
                            data__controls_item__description = data__controls_item["description"]
                            if not isinstance(data__controls_item__description, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}].description" + " must be string")
                            if isinstance(data__controls_item__description, str):
                                data__controls_item__description_len = len(data__controls_item__description)
                                if data__controls_item__description_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}].description" + " must be longer than or equal to 1 characters")
                        if "owner" in data__controls_item_keys:
                            data__controls_item_keys.remove("owner")
                            data__controls_item__owner = data__controls_item["owner"]
                            validate____defs_owner(data__controls_item__owner, custom_formats, (name_prefix or "data") + f".controls[{data__controls_x}].owner")
                        if "policy" in data__controls_item_keys:
                            data__controls_item_keys.remove("policy")
                            data__controls_item__policy = data__controls_item["policy"]
                            if not isinstance(data__controls_item__policy, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}].policy" + " must be string")
                            if isinstance(data__controls_item__policy, str):
                                data__controls_item__policy_len = len(data__controls_item__policy)
                                if data__controls_item__policy_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}].policy" + " must be longer than or equal to 1 characters")
                        if data__controls_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".controls[{data__controls_x}]" + " must not contain "+str(data__controls_item_keys)+" properties")
        if "actions" in data_keys:
            data_keys.remove("actions")
            data__actions = data["actions"]
            if not isinstance(data__actions, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".actions must be array")
            data__actions_is_list = isinstance(data__actions, (list, tuple))
            if data__actions_is_list:
                data__actions_len = len(data__actions)
                for data__actions_x, data__actions_item in enumerate(data__actions):
                    if not isinstance(data__actions_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}]" + " must be object")
                    data__actions_item_is_dict = isinstance(data__actions_item, dict)
                    if data__actions_item_is_dict:
                        data__actions_item__missing_keys = set(['description', 'owner', 'due', 'status']) - data__actions_item.keys()
                        if data__actions_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}]" + " must contain ")
                        data__actions_item_keys = set(data__actions_item.keys())
                        if "description" in data__actions_item_keys:
                            data__actions_item_keys.remove("description")
                            data__actions_item__description = data__actions_item["description"]
                            if not isinstance(data__actions_item__description, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}].description" + " must be string")
                            if isinstance(data__actions_item__description, str):
                                data__actions_item__description_len = len(data__actions_item__description)
                                if data__actions_item__description_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}].description" + " must be longer than or equal to 1 characters")
                        if "owner" in data__actions_item_keys:
                            data__actions_item_keys.remove("owner")
                            data__actions_item__owner = data__actions_item["owner"]
                            validate____defs_owner(data__actions_item__owner, custom_formats, (name_prefix or "data") + f".actions[{data__actions_x}].owner")
                        if "due" in data__actions_item_keys:
                            data__actions_item_keys.remove("due")
                            data__actions_item__due = data__actions_item["due"]
                            validate____defs_date(data__actions_item__due, custom_formats, (name_prefix or "data") + f".actions[{data__actions_x}].due")
                        if "status" in data__actions_item_keys:
                            data__actions_item_keys.remove("status")
                            data__actions_item__status = data__actions_item["status"]
                            if not (isinstance(data__actions_item__status, str) and data__actions_item__status == 'open' or isinstance(data__actions_item__status, str) and data__actions_item__status == 'done'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}].status" + " must be one of ['open', 'done']")
                        if data__actions_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".actions[{data__actions_x}]" + " must not contain "+str(data__actions_item_keys)+" properties")
        if "review" in data_keys:
            data_keys.remove("review")
            data__review = data["review"]
            if not isinstance(data__review, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must be object")
            data__review_is_dict = isinstance(data__review, dict)
            if data__review_is_dict:
                data__review__missing_keys = set(['last']) - data__review.keys()
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
        if "policies" in data_keys:
            data_keys.remove("policies")
            data__policies = data["policies"]
            if not isinstance(data__policies, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".policies must be array")
            data__policies_is_list = isinstance(data__policies, (list, tuple))
            if data__policies_is_list:
                data__policies_len = len(data__policies)
                for data__policies_x, data__policies_item in enumerate(data__policies):
                    if not isinstance(data__policies_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".policies[{data__policies_x}]" + " must be string")
                    if isinstance(data__policies_item, str):
                        data__policies_item_len = len(data__policies_item)
                        if data__policies_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".policies[{data__policies_x}]" + " must be longer than or equal to 1 characters")
        if "acceptance" in data_keys:
            data_keys.remove("acceptance")
            data__acceptance = data["acceptance"]
            if not isinstance(data__acceptance, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance must be object")
            data__acceptance_is_dict = isinstance(data__acceptance, dict)
            if data__acceptance_is_dict:
                data__acceptance__missing_keys = set(['by', 'on', 'until']) - data__acceptance.keys()
                if data__acceptance__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance must contain ")
                data__acceptance_keys = set(data__acceptance.keys())
                if "by" in data__acceptance_keys:
                    data__acceptance_keys.remove("by")
                    data__acceptance__by = data__acceptance["by"]
                    if not isinstance(data__acceptance__by, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance.by must be string")
                    if isinstance(data__acceptance__by, str):
                        data__acceptance__by_len = len(data__acceptance__by)
                        if data__acceptance__by_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance.by must be longer than or equal to 1 characters")
                if "on" in data__acceptance_keys:
                    data__acceptance_keys.remove("on")
                    data__acceptance__on = data__acceptance["on"]
                    validate____defs_date(data__acceptance__on, custom_formats, (name_prefix or "data") + ".acceptance.on")
                if "until" in data__acceptance_keys:
                    data__acceptance_keys.remove("until")
                    data__acceptance__until = data__acceptance["until"]
                    validate____defs_date(data__acceptance__until, custom_formats, (name_prefix or "data") + ".acceptance.until")
                if "rationale" in data__acceptance_keys:
                    data__acceptance_keys.remove("rationale")
                    data__acceptance__rationale = data__acceptance["rationale"]
                    if not isinstance(data__acceptance__rationale, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance.rationale must be string")
                if data__acceptance_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".acceptance must not contain "+str(data__acceptance_keys)+" properties")
        if "escalation" in data_keys:
            data_keys.remove("escalation")
            data__escalation = data["escalation"]
            if not isinstance(data__escalation, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must be object")
            data__escalation_is_dict = isinstance(data__escalation, dict)
            if data__escalation_is_dict:
                data__escalation__missing_keys = set(['to', 'on']) - data__escalation.keys()
                if data__escalation__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must contain ")
                data__escalation_keys = set(data__escalation.keys())
                if "to" in data__escalation_keys:
                    data__escalation_keys.remove("to")
                    data__escalation__to = data__escalation["to"]
                    if not isinstance(data__escalation__to, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.to must be string")
                    if isinstance(data__escalation__to, str):
                        if not REGEX_PATTERNS['^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9._-]*$'].search(data__escalation__to):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.to must match pattern ^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9._-]*$")
                if "on" in data__escalation_keys:
                    data__escalation_keys.remove("on")
                    data__escalation__on = data__escalation["on"]
                    validate____defs_date(data__escalation__on, custom_formats, (name_prefix or "data") + ".escalation.on")
                if "note" in data__escalation_keys:
                    data__escalation_keys.remove("note")
                    data__escalation__note = data__escalation["note"]
                    if not isinstance(data__escalation__note, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.note must be string")
                if data__escalation_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must not contain "+str(data__escalation_keys)+" properties")
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

def validate____defs_level(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (int, str)) and not (isinstance(data, float) and data.is_integer()) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be integer or string")
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        if data < 0:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be bigger than or equal to 0")
        if data > 1000:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be smaller than or equal to 1000")
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