from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from triage.engine import TicketFacts, triage
from triage.models import TeamRoute, TriageRule, active_ruleset
from triage.rules import RULE_TARGETS, InvalidPhrase, InvalidRule, Rule, RuleSet, validate_phrase
from triage.vocabulary import SOURCES, TIERS


class PreviewForm(forms.Form):
    subject = forms.CharField(max_length=200, required=False)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), max_length=20_000)
    customer_tier = forms.ChoiceField(choices=[(t, t) for t in TIERS], initial="standard")
    source = forms.ChoiceField(choices=[(s, s) for s in SOURCES], initial="email")
    draft_phrase = forms.CharField(max_length=80, required=False, label="Try a rule: phrase")
    draft_target = forms.ChoiceField(choices=[(t, t) for t in RULE_TARGETS], required=False, label="target")
    draft_value = forms.CharField(max_length=30, required=False, label="value")
    draft_weight = forms.FloatField(required=False, initial=2.0, label="weight")

    def draft_rule(self) -> Rule | None:
        data = self.cleaned_data
        if not data.get("draft_phrase"):
            return None
        try:
            return Rule(
                phrase=data["draft_phrase"],
                target=data["draft_target"],
                value=data["draft_value"],
                weight=data.get("draft_weight") or 1.0,
            )
        except (InvalidPhrase, InvalidRule) as error:
            self.add_error("draft_phrase", str(error))
            return None


class TriageRuleForm(forms.ModelForm):
    class Meta:
        model = TriageRule
        fields = ("phrase", "target", "value", "weight", "active", "note")

    def clean_phrase(self) -> str:
        phrase = " ".join(self.cleaned_data["phrase"].split())
        try:
            validate_phrase(phrase)
        except InvalidPhrase as error:
            raise forms.ValidationError(str(error)) from None
        return phrase


@admin.register(TriageRule)
class TriageRuleAdmin(admin.ModelAdmin):
    form = TriageRuleForm
    list_display = ("phrase", "target", "value", "weight", "active", "origin", "note", "updated_at")
    list_editable = ("weight", "active")
    list_filter = ("active", "target", "value", "origin")
    search_fields = ("phrase", "note")
    readonly_fields = ("origin", "created_at", "updated_at")
    change_list_template = "admin/triage/triagerule/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="triage_triagerule_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Triage a pasted message with the active rules, and with a draft rule added; creates nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PreviewForm(request.POST or None)
        before = after = None
        if request.method == "POST" and form.is_valid():
            facts = TicketFacts(
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                customer_tier=form.cleaned_data["customer_tier"],
                source=form.cleaned_data["source"],
            )
            rules = active_ruleset()
            before = triage(facts, rules)
            draft = form.draft_rule()
            if draft is not None:
                after = triage(facts, RuleSet((*rules.rules, draft), rules.team_for_category))
        context = {
            **self.admin_site.each_context(request),
            "title": "Preview a triage",
            "opts": self.model._meta,
            "form": form,
            "before": before,
            "after": after,
            "targets": RULE_TARGETS,
        }
        return TemplateResponse(request, "admin/triage/preview.html", context)


@admin.register(TeamRoute)
class TeamRouteAdmin(admin.ModelAdmin):
    list_display = ("category", "team", "updated_at")
    list_editable = ("team",)
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one route per category, made by the migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("category", "updated_at") if obj else ("updated_at",)
