# Generated from schemas/register.schema.json by make validators; do not edit.
# ruff: noqa
# mypy: ignore-errors
VERSION = "2.22.3"
import re
from riskctl.reading.compiled import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[a-z0-9][a-z0-9_-]*$': re.compile('^[a-z0-9][a-z0-9_-]*\\Z'),
    '^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)$': re.compile('^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)\\Z'),
    '^RC[0-9]{3}$': re.compile('^RC[0-9]{3}\\Z'),
    '^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)$': re.compile('^(P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?|monthly|quarterly|six-monthly|annually|biennially)\\Z')
}

NoneType = type(None)

def validate_urn_riskctl_schema_register(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['name']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
            if isinstance(data__name, str):
                data__name_len = len(data__name)
                if data__name_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be longer than or equal to 1 characters")
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            if not isinstance(data__id, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must be string")
            if isinstance(data__id, str):
                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9_-]*$'].search(data__id):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must match pattern ^[a-z0-9][a-z0-9_-]*$")
        if "description" in data_keys:
            data_keys.remove("description")
            data__description = data["description"]
            if not isinstance(data__description, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".description must be string")
        if "level" in data_keys:
            data_keys.remove("level")
            data__level = data["level"]
            if not (isinstance(data__level, str) and data__level == 'strategic' or isinstance(data__level, str) and data__level == 'corporate' or isinstance(data__level, str) and data__level == 'directorate' or isinstance(data__level, str) and data__level == 'departmental' or isinstance(data__level, str) and data__level == 'operational' or isinstance(data__level, str) and data__level == 'project'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".level must be one of ['strategic', 'corporate', 'directorate', 'departmental', 'operational', 'project']")
        if "parent" in data_keys:
            data_keys.remove("parent")
            data__parent = data["parent"]
            if not isinstance(data__parent, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".parent must be string")
            if isinstance(data__parent, str):
                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9_-]*$'].search(data__parent):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".parent must match pattern ^[a-z0-9][a-z0-9_-]*$")
        if "owners" in data_keys:
            data_keys.remove("owners")
            data__owners = data["owners"]
            if not isinstance(data__owners, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".owners must be array")
            data__owners_is_list = isinstance(data__owners, (list, tuple))
            if data__owners_is_list:
                data__owners_len = len(data__owners)
                for data__owners_x, data__owners_item in enumerate(data__owners):
                    if not isinstance(data__owners_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".owners[{data__owners_x}]" + " must be string")
                    if isinstance(data__owners_item, str):
                        data__owners_item_len = len(data__owners_item)
                        if data__owners_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".owners[{data__owners_x}]" + " must be longer than or equal to 1 characters")
        if "scoring" in data_keys:
            data_keys.remove("scoring")
            data__scoring = data["scoring"]
            if not isinstance(data__scoring, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring must be object")
            data__scoring_is_dict = isinstance(data__scoring, dict)
            if data__scoring_is_dict:
                data__scoring_keys = set(data__scoring.keys())
                if "from" in data__scoring_keys:
                    data__scoring_keys.remove("from")
                    data__scoring__from = data__scoring["from"]
                    if not isinstance(data__scoring__from, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.from must be string")
                    if isinstance(data__scoring__from, str):
                        if not REGEX_PATTERNS['^[a-z0-9][a-z0-9_-]*$'].search(data__scoring__from):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.from must match pattern ^[a-z0-9][a-z0-9_-]*$")
                if "likelihood" in data__scoring_keys:
                    data__scoring_keys.remove("likelihood")
                    data__scoring__likelihood = data__scoring["likelihood"]
                    if not isinstance(data__scoring__likelihood, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.likelihood must be array")
                    data__scoring__likelihood_is_list = isinstance(data__scoring__likelihood, (list, tuple))
                    if data__scoring__likelihood_is_list:
                        data__scoring__likelihood_len = len(data__scoring__likelihood)
                        if data__scoring__likelihood_len < 2:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.likelihood must contain at least 2 items")
                        if data__scoring__likelihood_len > 10:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.likelihood must contain less than or equal to 10 items")
                        for data__scoring__likelihood_x, data__scoring__likelihood_item in enumerate(data__scoring__likelihood):
                            if not isinstance(data__scoring__likelihood_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}]" + " must be object")
                            data__scoring__likelihood_item_is_dict = isinstance(data__scoring__likelihood_item, dict)
                            if data__scoring__likelihood_item_is_dict:
                                data__scoring__likelihood_item__missing_keys = set(['score', 'label']) - data__scoring__likelihood_item.keys()
                                if data__scoring__likelihood_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}]" + " must contain ")
                                data__scoring__likelihood_item_keys = set(data__scoring__likelihood_item.keys())
                                if "score" in data__scoring__likelihood_item_keys:
                                    data__scoring__likelihood_item_keys.remove("score")
                                    data__scoring__likelihood_item__score = data__scoring__likelihood_item["score"]
                                    if not isinstance(data__scoring__likelihood_item__score, (int)) and not (isinstance(data__scoring__likelihood_item__score, float) and data__scoring__likelihood_item__score.is_integer()) or isinstance(data__scoring__likelihood_item__score, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].score" + " must be integer")
                                    if isinstance(data__scoring__likelihood_item__score, (int, float)) and not isinstance(data__scoring__likelihood_item__score, bool):
                                        if data__scoring__likelihood_item__score < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].score" + " must be bigger than or equal to 0")
                                        if data__scoring__likelihood_item__score > 1000:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].score" + " must be smaller than or equal to 1000")
                                if "label" in data__scoring__likelihood_item_keys:
                                    data__scoring__likelihood_item_keys.remove("label")
                                    data__scoring__likelihood_item__label = data__scoring__likelihood_item["label"]
                                    if not isinstance(data__scoring__likelihood_item__label, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].label" + " must be string")
                                    if isinstance(data__scoring__likelihood_item__label, str):
                                        data__scoring__likelihood_item__label_len = len(data__scoring__likelihood_item__label)
                                        if data__scoring__likelihood_item__label_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].label" + " must be longer than or equal to 1 characters")
                                if "description" in data__scoring__likelihood_item_keys:
                                    data__scoring__likelihood_item_keys.remove("description")
                                    data__scoring__likelihood_item__description = data__scoring__likelihood_item["description"]
                                    if not isinstance(data__scoring__likelihood_item__description, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}].description" + " must be string")
                                if data__scoring__likelihood_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.likelihood[{data__scoring__likelihood_x}]" + " must not contain "+str(data__scoring__likelihood_item_keys)+" properties")
                if "impact" in data__scoring_keys:
                    data__scoring_keys.remove("impact")
                    data__scoring__impact = data__scoring["impact"]
                    if not isinstance(data__scoring__impact, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.impact must be array")
                    data__scoring__impact_is_list = isinstance(data__scoring__impact, (list, tuple))
                    if data__scoring__impact_is_list:
                        data__scoring__impact_len = len(data__scoring__impact)
                        if data__scoring__impact_len < 2:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.impact must contain at least 2 items")
                        if data__scoring__impact_len > 10:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.impact must contain less than or equal to 10 items")
                        for data__scoring__impact_x, data__scoring__impact_item in enumerate(data__scoring__impact):
                            if not isinstance(data__scoring__impact_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}]" + " must be object")
                            data__scoring__impact_item_is_dict = isinstance(data__scoring__impact_item, dict)
                            if data__scoring__impact_item_is_dict:
                                data__scoring__impact_item__missing_keys = set(['score', 'label']) - data__scoring__impact_item.keys()
                                if data__scoring__impact_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}]" + " must contain ")
                                data__scoring__impact_item_keys = set(data__scoring__impact_item.keys())
                                if "score" in data__scoring__impact_item_keys:
                                    data__scoring__impact_item_keys.remove("score")
                                    data__scoring__impact_item__score = data__scoring__impact_item["score"]
                                    if not isinstance(data__scoring__impact_item__score, (int)) and not (isinstance(data__scoring__impact_item__score, float) and data__scoring__impact_item__score.is_integer()) or isinstance(data__scoring__impact_item__score, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].score" + " must be integer")
                                    if isinstance(data__scoring__impact_item__score, (int, float)) and not isinstance(data__scoring__impact_item__score, bool):
                                        if data__scoring__impact_item__score < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].score" + " must be bigger than or equal to 0")
                                        if data__scoring__impact_item__score > 1000:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].score" + " must be smaller than or equal to 1000")
                                if "label" in data__scoring__impact_item_keys:
                                    data__scoring__impact_item_keys.remove("label")
                                    data__scoring__impact_item__label = data__scoring__impact_item["label"]
                                    if not isinstance(data__scoring__impact_item__label, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].label" + " must be string")
                                    if isinstance(data__scoring__impact_item__label, str):
                                        data__scoring__impact_item__label_len = len(data__scoring__impact_item__label)
                                        if data__scoring__impact_item__label_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].label" + " must be longer than or equal to 1 characters")
                                if "description" in data__scoring__impact_item_keys:
                                    data__scoring__impact_item_keys.remove("description")
                                    data__scoring__impact_item__description = data__scoring__impact_item["description"]
                                    if not isinstance(data__scoring__impact_item__description, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}].description" + " must be string")
                                if data__scoring__impact_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.impact[{data__scoring__impact_x}]" + " must not contain "+str(data__scoring__impact_item_keys)+" properties")
                if "method" in data__scoring_keys:
                    data__scoring_keys.remove("method")
                    data__scoring__method = data__scoring["method"]
                    if not (isinstance(data__scoring__method, str) and data__scoring__method == 'product' or isinstance(data__scoring__method, str) and data__scoring__method == 'grid'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.method must be one of ['product', 'grid']")
                if "grid" in data__scoring_keys:
                    data__scoring_keys.remove("grid")
                    data__scoring__grid = data__scoring["grid"]
                    if not isinstance(data__scoring__grid, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.grid must be array")
                    data__scoring__grid_is_list = isinstance(data__scoring__grid, (list, tuple))
                    if data__scoring__grid_is_list:
                        data__scoring__grid_len = len(data__scoring__grid)
                        for data__scoring__grid_x, data__scoring__grid_item in enumerate(data__scoring__grid):
                            if not isinstance(data__scoring__grid_item, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.grid[{data__scoring__grid_x}]" + " must be array")
                            data__scoring__grid_item_is_list = isinstance(data__scoring__grid_item, (list, tuple))
                            if data__scoring__grid_item_is_list:
                                data__scoring__grid_item_len = len(data__scoring__grid_item)
                                for data__scoring__grid_item_x, data__scoring__grid_item_item in enumerate(data__scoring__grid_item):
                                    if not isinstance(data__scoring__grid_item_item, (int)) and not (isinstance(data__scoring__grid_item_item, float) and data__scoring__grid_item_item.is_integer()) or isinstance(data__scoring__grid_item_item, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.grid[{data__scoring__grid_x}][{data__scoring__grid_item_x}]" + " must be integer")
                                    if isinstance(data__scoring__grid_item_item, (int, float)) and not isinstance(data__scoring__grid_item_item, bool):
                                        if data__scoring__grid_item_item > 1000000:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.grid[{data__scoring__grid_x}][{data__scoring__grid_item_x}]" + " must be smaller than or equal to 1000000")
                if "ratings" in data__scoring_keys:
                    data__scoring_keys.remove("ratings")
                    data__scoring__ratings = data__scoring["ratings"]
                    if not isinstance(data__scoring__ratings, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.ratings must be array")
                    data__scoring__ratings_is_list = isinstance(data__scoring__ratings, (list, tuple))
                    if data__scoring__ratings_is_list:
                        data__scoring__ratings_len = len(data__scoring__ratings)
                        if data__scoring__ratings_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring.ratings must contain at least 1 items")
                        for data__scoring__ratings_x, data__scoring__ratings_item in enumerate(data__scoring__ratings):
                            if not isinstance(data__scoring__ratings_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}]" + " must be object")
                            data__scoring__ratings_item_is_dict = isinstance(data__scoring__ratings_item, dict)
                            if data__scoring__ratings_item_is_dict:
                                data__scoring__ratings_item__missing_keys = set(['name', 'min']) - data__scoring__ratings_item.keys()
                                if data__scoring__ratings_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}]" + " must contain ")
                                data__scoring__ratings_item_keys = set(data__scoring__ratings_item.keys())
                                if "name" in data__scoring__ratings_item_keys:
                                    data__scoring__ratings_item_keys.remove("name")
                                    data__scoring__ratings_item__name = data__scoring__ratings_item["name"]
                                    if not isinstance(data__scoring__ratings_item__name, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].name" + " must be string")
                                    if isinstance(data__scoring__ratings_item__name, str):
                                        data__scoring__ratings_item__name_len = len(data__scoring__ratings_item__name)
                                        if data__scoring__ratings_item__name_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].name" + " must be longer than or equal to 1 characters")
                                if "min" in data__scoring__ratings_item_keys:
                                    data__scoring__ratings_item_keys.remove("min")
                                    data__scoring__ratings_item__min = data__scoring__ratings_item["min"]
                                    if not isinstance(data__scoring__ratings_item__min, (int)) and not (isinstance(data__scoring__ratings_item__min, float) and data__scoring__ratings_item__min.is_integer()) or isinstance(data__scoring__ratings_item__min, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].min" + " must be integer")
                                    if isinstance(data__scoring__ratings_item__min, (int, float)) and not isinstance(data__scoring__ratings_item__min, bool):
                                        if data__scoring__ratings_item__min > 1000000:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].min" + " must be smaller than or equal to 1000000")
                                if "colour" in data__scoring__ratings_item_keys:
                                    data__scoring__ratings_item_keys.remove("colour")
                                    data__scoring__ratings_item__colour = data__scoring__ratings_item["colour"]
                                    if not isinstance(data__scoring__ratings_item__colour, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].colour" + " must be string")
                                    if isinstance(data__scoring__ratings_item__colour, str):
                                        if not REGEX_PATTERNS['^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)$'].search(data__scoring__ratings_item__colour):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}].colour" + " must match pattern ^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]+)$")
                                if data__scoring__ratings_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".scoring.ratings[{data__scoring__ratings_x}]" + " must not contain "+str(data__scoring__ratings_item_keys)+" properties")
                if data__scoring_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".scoring must not contain "+str(data__scoring_keys)+" properties")
        if "classification" in data_keys:
            data_keys.remove("classification")
            data__classification = data["classification"]
            if not isinstance(data__classification, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".classification must be string")
            if isinstance(data__classification, str):
                data__classification_len = len(data__classification)
                if data__classification_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".classification must be longer than or equal to 1 characters")
                if data__classification_len > 200:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".classification must be shorter than or equal to 200 characters")
        if "appetite" in data_keys:
            data_keys.remove("appetite")
            data__appetite = data["appetite"]
            if not isinstance(data__appetite, (int, dict)) and not (isinstance(data__appetite, float) and data__appetite.is_integer()) or isinstance(data__appetite, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must be integer or object")
            data__appetite_any_of_count1 = 0
            if not data__appetite_any_of_count1:
                try:
                    if not isinstance(data__appetite, (int)) and not (isinstance(data__appetite, float) and data__appetite.is_integer()) or isinstance(data__appetite, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must be integer")
                    data__appetite_any_of_count1 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__appetite_any_of_count1:
                try:
                    data__appetite_is_dict = isinstance(data__appetite, dict)
                    if data__appetite_is_dict:
                        data__appetite__missing_keys = set(['default']) - data__appetite.keys()
                        if data__appetite__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must contain ")
                    data__appetite_any_of_count1 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__appetite_any_of_count1:
                try:
                    data__appetite_is_dict = isinstance(data__appetite, dict)
                    if data__appetite_is_dict:
                        data__appetite__missing_keys = set(['categories']) - data__appetite.keys()
                        if data__appetite__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must contain ")
                    data__appetite_any_of_count1 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__appetite_any_of_count1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite cannot be validated by any definition")
            if isinstance(data__appetite, (int, float)) and not isinstance(data__appetite, bool):
                if data__appetite < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must be bigger than or equal to 0")
                if data__appetite > 1000000:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must be smaller than or equal to 1000000")
            data__appetite_is_dict = isinstance(data__appetite, dict)
            if data__appetite_is_dict:
                data__appetite_keys = set(data__appetite.keys())
                if "default" in data__appetite_keys:
                    data__appetite_keys.remove("default")
                    data__appetite__default = data__appetite["default"]
                    if not isinstance(data__appetite__default, (str, int)) and not (isinstance(data__appetite__default, float) and data__appetite__default.is_integer()) or isinstance(data__appetite__default, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite.default must be string or integer")
                    if isinstance(data__appetite__default, (int, float)) and not isinstance(data__appetite__default, bool):
                        if data__appetite__default < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite.default must be bigger than or equal to 0")
                        if data__appetite__default > 1000000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite.default must be smaller than or equal to 1000000")
                if "levels" in data__appetite_keys:
                    data__appetite_keys.remove("levels")
                    data__appetite__levels = data__appetite["levels"]
                    if not isinstance(data__appetite__levels, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite.levels must be object")
                    data__appetite__levels_is_dict = isinstance(data__appetite__levels, dict)
                    if data__appetite__levels_is_dict:
                        data__appetite__levels_keys = set(data__appetite__levels.keys())
                        for data__appetite__levels_key in data__appetite__levels_keys:
                            if data__appetite__levels_key not in []:
                                data__appetite__levels_value = data__appetite__levels.get(data__appetite__levels_key)
                                if not isinstance(data__appetite__levels_value, (int)) and not (isinstance(data__appetite__levels_value, float) and data__appetite__levels_value.is_integer()) or isinstance(data__appetite__levels_value, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.levels.{data__appetite__levels_key}" + " must be integer")
                                if isinstance(data__appetite__levels_value, (int, float)) and not isinstance(data__appetite__levels_value, bool):
                                    if data__appetite__levels_value < 0:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.levels.{data__appetite__levels_key}" + " must be bigger than or equal to 0")
                                    if data__appetite__levels_value > 1000000:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.levels.{data__appetite__levels_key}" + " must be smaller than or equal to 1000000")
                if "categories" in data__appetite_keys:
                    data__appetite_keys.remove("categories")
                    data__appetite__categories = data__appetite["categories"]
                    if not isinstance(data__appetite__categories, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite.categories must be object")
                    data__appetite__categories_is_dict = isinstance(data__appetite__categories, dict)
                    if data__appetite__categories_is_dict:
                        data__appetite__categories_keys = set(data__appetite__categories.keys())
                        for data__appetite__categories_key in data__appetite__categories_keys:
                            if data__appetite__categories_key not in []:
                                data__appetite__categories_value = data__appetite__categories.get(data__appetite__categories_key)
                                if not isinstance(data__appetite__categories_value, (str, int)) and not (isinstance(data__appetite__categories_value, float) and data__appetite__categories_value.is_integer()) or isinstance(data__appetite__categories_value, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.categories.{data__appetite__categories_key}" + " must be string or integer")
                                if isinstance(data__appetite__categories_value, (int, float)) and not isinstance(data__appetite__categories_value, bool):
                                    if data__appetite__categories_value < 0:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.categories.{data__appetite__categories_key}" + " must be bigger than or equal to 0")
                                    if data__appetite__categories_value > 1000000:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".appetite.categories.{data__appetite__categories_key}" + " must be smaller than or equal to 1000000")
                if data__appetite_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".appetite must not contain "+str(data__appetite_keys)+" properties")
        if "review" in data_keys:
            data_keys.remove("review")
            data__review = data["review"]
            if not isinstance(data__review, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must be object")
            data__review_is_dict = isinstance(data__review, dict)
            if data__review_is_dict:
                data__review_keys = set(data__review.keys())
                if "every" in data__review_keys:
                    data__review_keys.remove("every")
                    data__review__every = data__review["every"]
                    validate____defs_duration(data__review__every, custom_formats, (name_prefix or "data") + ".review.every")
                if "warn_within" in data__review_keys:
                    data__review_keys.remove("warn_within")
                    data__review__warnwithin = data__review["warn_within"]
                    validate____defs_duration(data__review__warnwithin, custom_formats, (name_prefix or "data") + ".review.warn_within")
                if data__review_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".review must not contain "+str(data__review_keys)+" properties")
        if "retention" in data_keys:
            data_keys.remove("retention")
            data__retention = data["retention"]
            if not isinstance(data__retention, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".retention must be object")
            data__retention_is_dict = isinstance(data__retention, dict)
            if data__retention_is_dict:
                data__retention_keys = set(data__retention.keys())
                if "closed" in data__retention_keys:
                    data__retention_keys.remove("closed")
                    data__retention__closed = data__retention["closed"]
                    validate____defs_duration(data__retention__closed, custom_formats, (name_prefix or "data") + ".retention.closed")
                if data__retention_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".retention must not contain "+str(data__retention_keys)+" properties")
        if "owners_map" in data_keys:
            data_keys.remove("owners_map")
            data__ownersmap = data["owners_map"]
            if not isinstance(data__ownersmap, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".owners_map must be object")
            data__ownersmap_is_dict = isinstance(data__ownersmap, dict)
            if data__ownersmap_is_dict:
                data__ownersmap_keys = set(data__ownersmap.keys())
                for data__ownersmap_key in data__ownersmap_keys:
                    if data__ownersmap_key not in []:
                        data__ownersmap_value = data__ownersmap.get(data__ownersmap_key)
                        if not isinstance(data__ownersmap_value, (list, tuple)):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".owners_map.{data__ownersmap_key}" + " must be array")
                        data__ownersmap_value_is_list = isinstance(data__ownersmap_value, (list, tuple))
                        if data__ownersmap_value_is_list:
                            data__ownersmap_value_len = len(data__ownersmap_value)
                            for data__ownersmap_value_x, data__ownersmap_value_item in enumerate(data__ownersmap_value):
                                if not isinstance(data__ownersmap_value_item, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".owners_map.{data__ownersmap_key}[{data__ownersmap_value_x}]" + " must be string")
        if "rules" in data_keys:
            data_keys.remove("rules")
            data__rules = data["rules"]
            if not isinstance(data__rules, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must be object")
            data__rules_is_dict = isinstance(data__rules, dict)
            if data__rules_is_dict:
                data__rules_keys = set(data__rules.keys())
                for data__rules_key in data__rules_keys:
                    if data__rules_key not in []:
                        data__rules_value = data__rules.get(data__rules_key)
                        if not (isinstance(data__rules_value, str) and data__rules_value == 'off' or isinstance(data__rules_value, str) and data__rules_value == 'warning' or isinstance(data__rules_value, str) and data__rules_value == 'error'):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".rules.{data__rules_key}" + " must be one of ['off', 'warning', 'error']")
                data__rules_len = len(data__rules)
                if data__rules_len != 0:
                    data__rules_property_names = True
                    for data__rules_key in data__rules:
                        try:
                            if isinstance(data__rules_key, str):
                                if not REGEX_PATTERNS['^RC[0-9]{3}$'].search(data__rules_key):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must match pattern ^RC[0-9]{3}$")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__rules_property_names = False
                    if not data__rules_property_names:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rules must be named by propertyName definition")
        if "escalation" in data_keys:
            data_keys.remove("escalation")
            data__escalation = data["escalation"]
            if not isinstance(data__escalation, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must be object")
            data__escalation_is_dict = isinstance(data__escalation, dict)
            if data__escalation_is_dict:
                data__escalation__missing_keys = set(['above']) - data__escalation.keys()
                if data__escalation__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must contain ")
                data__escalation_keys = set(data__escalation.keys())
                if "above" in data__escalation_keys:
                    data__escalation_keys.remove("above")
                    data__escalation__above = data__escalation["above"]
                    if not isinstance(data__escalation__above, (int)) and not (isinstance(data__escalation__above, float) and data__escalation__above.is_integer()) or isinstance(data__escalation__above, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.above must be integer")
                    if isinstance(data__escalation__above, (int, float)) and not isinstance(data__escalation__above, bool):
                        if data__escalation__above < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.above must be bigger than or equal to 0")
                        if data__escalation__above > 1000000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation.above must be smaller than or equal to 1000000")
                if data__escalation_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".escalation must not contain "+str(data__escalation_keys)+" properties")
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