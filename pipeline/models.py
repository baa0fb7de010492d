"""Typed results: pydantic models of the extraction contract (``shared/contract/extraction.schema.json``,
version 1), for Python users and for the JSON API.

``Result.model_validate(result_dict)`` checks a result and gives typed access
(``r.obligations[0].deadline.date.iso``); ``typed(doc)`` does it for a pipeline ``Document``.
The models mirror the schema one to one: a field the schema requires is required here (``None``
allowed where the schema allows ``null``), an optional one has a default, enums are ``Literal``s,
bounds and patterns are the schema's, and keys the schema does not name are kept (the schema
allows them, e.g. a warning's ``obligation_id``). Validation is strict (no ``"5"`` for 5), as a
JSON Schema validator is. ``tests/pipeline/test_models.py`` checks that the JSON Schema these
models generate accepts and rejects the same results as the contract's.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from congvan.extractors.base import plain_copy

DocType = Literal["cong_van", "ke_hoach", "thong_bao", "quyet_dinh", "huong_dan", "bao_cao", "chi_thi", "to_trinh",
                  "giay_moi", "nghi_quyet", "nghi_dinh", "thong_tu", "chuong_trinh", "ban_cam_ket", "de_an",
                  "cong_dien", "other"]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class PartialDate(_Model):
    """A date whose parts may be blank (``../02/2024``); ``iso`` only when all three are known."""
    year: Optional[int]
    month: Optional[Annotated[int, Field(ge=1, le=12)]]
    day: Optional[Annotated[int, Field(ge=1, le=31)]]
    iso: Optional[Annotated[str, Field(pattern=ISO_DATE)]]


class Unit(_Model):
    name: str
    raw: str
    is_group: bool = False


class Signer(_Model):
    name: Optional[str]
    title: Optional[str]
    authority: Optional[Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]]


class DocRef(_Model):
    doc_type: Optional[DocType]
    number: Optional[str]
    symbol: Optional[str]
    date: Optional[PartialDate]
    issuer: Optional[str] = None
    raw: str


class Deadline(_Model):
    date: Optional[PartialDate]
    relation: Literal["before", "no_later_than", "on", "from", "within"]
    raw: str
    rule: Optional[str] = None


class DataWindow(_Model):
    start: Optional[PartialDate]
    end: Optional[PartialDate]
    raw: str


class Evidence(_Model):
    page: Optional[Annotated[int, Field(ge=1)]] = None
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str


class Obligation(_Model):
    id: str
    responsible: Annotated[list[Unit], Field(min_length=1)]
    cooperating: list[Unit]
    action: str
    description: str
    deadline: Optional[Deadline]
    data_window: Optional[DataWindow]
    period: Optional[str]
    recurrence: Optional[str]
    submit_to: Optional[str]
    # before evidence: the order the obligations stage writes them in, so a dump is byte-identical
    confidence: Annotated[float, Field(ge=0, le=1)]
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class ResultWarning(_Model):
    code: str
    message: str
    page: Optional[int] = None


class Source(_Model):
    path: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    media_type: str
    pages: Optional[Annotated[int, Field(ge=0)]]
    text_layer: Literal["native", "ocr", "plain_text", "none"]


class DocumentFields(_Model):
    number: Optional[str]
    symbol: Optional[str]
    doc_type: Optional[DocType]
    issuer: Optional[Unit]
    place: Optional[str]
    issued_date: Optional[PartialDate]
    subject: Optional[str]
    recipients: list[Unit]
    signer: Optional[Signer]
    cc: list[Unit]
    references: list[DocRef]
    urgency: Optional[Literal["khan", "thuong_khan", "hoa_toc"]] = None
    confidentiality: Optional[Literal["mat", "toi_mat", "tuyet_mat"]] = None


class CertificateParty(_Model):
    """Who a certificate names: its subject (the signer) or its issuer (the CA)."""
    name: Optional[str]
    organisation: Optional[str] = None
    unit: Optional[str] = None
    email: Optional[str] = None
    locality: Optional[str] = None


class Signature(_Model):
    """One embedded signature (an optional addition to contract v1, README "Signatures")."""
    field: Optional[str]
    page: Optional[int]
    kind: Optional[Literal["personal", "organisation"]]
    signer: Optional[CertificateParty]
    issuer: Optional[CertificateParty]
    serial: Optional[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    signing_time: Optional[str]
    reason: Optional[str] = None
    location: Optional[str] = None
    hash: Optional[str]
    covers_whole_file: bool
    intact: bool
    error: Optional[str] = None  # why it is not intact (before ``trusted``, as the stage writes it)
    trusted: Union[bool, Literal["unknown"]]


class Copy(_Model):
    """An electronic copy's own record (``SAO Y``, ``TRÍCH SAO`` ...): not the letter's number or date."""
    kind: str
    by: Optional[str]
    organisation: Optional[str]
    time: Optional[str]
    number: Optional[str]
    page: Optional[int]
    signature_field: Optional[str]
    stamp_text: Optional[str]


class Enclosure(_Model):
    """What follows the cover letter's signature (a phiếu, a dự thảo, a phụ lục) and its pages."""
    kind: str
    title: Optional[str]
    pages: list[int]


class Result(_Model):
    """One document's extraction result."""
    schema_version: Literal["1"]
    source: Source
    document: DocumentFields
    obligations: list[Obligation]
    warnings: list[ResultWarning]
    enclosures: Optional[list[Enclosure]] = None
    signatures: Optional[list[Signature]] = None
    copy_: Optional[Copy] = Field(default=None, alias="copy")


def typed(doc) -> Result:
    """The typed result of a pipeline ``Document`` (``congvan.extract(path)``)."""
    from .run import to_result

    return Result.model_validate(to_result(doc))


def checked(result: dict, *, obligations_checked: bool = False) -> tuple[dict, list[str]]:
    """``result`` as the contract types it (what was given, numbers as the schema types them) and
    the errors when it does not follow the contract (then ``result`` unchanged).
    ``obligations_checked``: the obligations stage's output passed these models already
    (``stage_errors``) and is put back as it is, not validated a second time (it was two thirds of
    this check's time: 2,262 obligations on the speed corpus)."""
    try:
        if not obligations_checked:
            return Result.model_validate(result).model_dump(mode="json", exclude_unset=True, by_alias=True), []
        rest = Result.model_validate({**result, "obligations": []}).model_dump(mode="json", exclude_unset=True,
                                                                                by_alias=True)
        rest["obligations"] = plain_copy(result["obligations"])  # a fresh copy, as a dump would be
        return rest, []
    except ValidationError as exc:
        return result, [f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]


_SIGNATURES = TypeAdapter(list[Signature])  # built once: an adapter costs milliseconds to make
_OBLIGATIONS = TypeAdapter(list[Obligation])
_STAGE_OUTPUT = {  # what each stage writes on the document, as the contract types it
    "fields": lambda doc: (DocumentFields, doc.fields) if doc.fields else None,
    "signatures": lambda doc: (_SIGNATURES, doc.signatures) if doc.signatures else None,
    "obligations": lambda doc: (_OBLIGATIONS, doc.obligations) if doc.obligations else None,
}


def stage_errors(stage: str, doc) -> list[str]:
    """Where what ``stage`` wrote on ``doc`` breaks the contract's models (empty when it follows
    them, or when the stage writes nothing typed): the run names the stage that broke it."""
    got = _STAGE_OUTPUT.get(stage, lambda d: None)(doc)
    if got is None:
        return []
    model, value = got
    if stage == "fields":  # the fields a stage left out are the contract's empty values
        from .run import EMPTY_FIELDS

        value = {**EMPTY_FIELDS, **value}
    try:
        model.model_validate(value) if isinstance(model, type) else model.validate_python(value)
        return []
    except ValidationError as exc:
        return [f"{stage}: {'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
