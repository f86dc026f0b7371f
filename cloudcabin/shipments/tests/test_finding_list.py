"""``{% finding_list %}`` draws the check panel's groups exactly as the
``_finding_groups.html`` template it replaced did, escaped the same way, in both languages."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.translation import override

from cloudcabin.errors import Problem, Severity
from cloudcabin.shipments.checks.grouping import group_findings
from cloudcabin.shipments.views.common import anchor_for

HOSTILE = '"><script>alert(1)</script>&amp;'

# The template the tag replaced (before 1 Dec 2026), verbatim.
TEMPLATE = Template(
    """{% load i18n %}<ol class="findings">
  {% for g in groups %}<li class="finding {{ g.severity }}{% if g.count > 1 %} finding-group{% endif %}" data-code="{{ g.code }}" data-count="{{ g.count }}">
    <span class="badge">{% if g.is_error %}{% translate "Error" %}{% else %}{% translate "Warning" %}{% endif %}</span>
    {% if g.count == 1 %}{% with f=g.findings.0 %}{% if f.anchor %}<a href="#{{ f.anchor }}" data-anchor="{{ f.anchor }}">{{ f.message }}</a>{% else %}{{ f.message }}{% endif %}{% endwith %}
    {% else %}{% if g.first_anchor %}<a href="#{{ g.first_anchor }}" data-anchor="{{ g.first_anchor }}" class="group-title">{{ g.title }}</a>{% else %}<span class="group-title">{{ g.title }}</span>{% endif %}
      <span class="group-count">— {% if g.on_lines %}{% blocktranslate count counter=g.count %}{{ counter }} line{% plural %}{{ counter }} lines{% endblocktranslate %}{% else %}{% blocktranslate count counter=g.count %}{{ counter }} finding{% plural %}{{ counter }} findings{% endblocktranslate %}{% endif %}</span>
      {% with anchors=g.anchors %}{% if anchors|length > 1 %}<a class="step" href="#{{ anchors.1 }}" data-step="{{ g.steps }}" data-testid="step-{{ g.code }}">{% translate "Next field" %} <span class="step-at">{% blocktranslate with total=anchors|length %}1 of {{ total }}{% endblocktranslate %}</span></a>{% endif %}{% endwith %}
      <details class="group-items"><summary>{% translate "Show each" %}</summary>
        <ol>{% for f in g.shown %}<li>{% if f.anchor %}<a href="#{{ f.anchor }}" data-anchor="{{ f.anchor }}">{{ f.message }}</a>{% else %}{{ f.message }}{% endif %}</li>{% endfor %}</ol>
        {% if g.hidden %}<p class="muted small">{% blocktranslate count counter=g.hidden %}… and {{ counter }} more: step through them with “Next field”.{% plural %}… and {{ counter }} more: step through them with “Next field”.{% endblocktranslate %}</p>{% endif %}
      </details>
    {% endif %}
  </li>{% endfor %}
</ol>
"""  # noqa: E501
)
TAG = Template("{% load finding_groups %}{% finding_list groups %}")


def _problems() -> list[Problem]:
    error, warning = Severity.ERROR, Severity.WARNING
    return [
        # one finding, on a field and on none
        Problem("NET_GT_GROSS", error, "lines[3].net_kg", f"Line 4: net {HOSTILE}"),
        Problem("CONTRACT_MISSING", warning, "", "No contract"),
        # a rule on 25 lines: a count, steps, ten shown and 15 more
        *(
            Problem("HS_UNKNOWN", error, f"lines[{i}].hs_code", f"Line {i + 1}: {HOSTILE}")
            for i in range(25)
        ),
        # a rule found twice on one field (one anchor: no steps), not on lines
        Problem("PARTY_CODE", warning, "parties.consignor", "Consignor <b>"),
        Problem("PARTY_CODE", warning, "parties.consignor", "Consignor again"),
        # a rule found twice on no field
        Problem("SCREENING_PENDING", warning, "", "Pending 1"),
        Problem("SCREENING_PENDING", warning, "", "Pending 2"),
        # eleven: one more, in the singular
        *(
            Problem("PACKAGES_NOT_STOWED", warning, f"lines[{i}].packages", f"L{i}")
            for i in range(11)
        ),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_groups_are_drawn_as_the_template_drew_them(language: str) -> None:
    with override(language):
        for problems in (_problems(), _problems()[:1], []):
            context = {"groups": group_findings(problems, anchor_for)}
            drawn = TAG.render(Context(context))
            assert drawn == TEMPLATE.render(Context(context))
            assert "<script>" not in drawn
    assert 'data-step="f-lines-#-hs_code 0-24"' in TAG.render(
        Context({"groups": group_findings(_problems(), anchor_for)})
    )
