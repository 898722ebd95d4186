import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Evidence, Verdict
from claims.seeding import DEFAULT_SEED
from sources.models import Outlet, Source

pytestmark = pytest.mark.django_db


def load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


def test_seed_case_loads_the_kazakhstan_claims():
    load()
    assert Claim.objects.count() >= 10
    confession = Claim.objects.get(ref="televised-confession")
    assert confession.claimant.name == "Man shown confessing on local television"
    assert confession.evidence.filter(stance="contradicts").exists()
    assert confession.current_verdict.rating == "unsubstantiated"
    bandits = Claim.objects.get(ref="twenty-thousand-bandits")
    assert bandits.claimant.slug == "kassym-jomart-tokayev"
    report = Source.objects.get(ref="report-164-killed")
    assert set(report.cites.values_list("ref", flat=True)) >= {
        "authorities-death-toll",
        "health-ministry-almaty-deaths",
        "presidents-office-detentions",
    }


def test_seed_case_invents_no_urls():
    load()
    assert not Source.objects.exclude(url="").exists()
    assert not Outlet.objects.exclude(website="").exists()


def test_second_run_changes_nothing_and_says_so():
    load()
    counts = (Claim.objects.count(), Evidence.objects.count(), Verdict.objects.count())
    versions = sorted(Claim.objects.values_list("pk", "version"))
    output = load()
    assert "Nothing to change" in output
    assert (Claim.objects.count(), Evidence.objects.count(), Verdict.objects.count()) == counts
    assert sorted(Claim.objects.values_list("pk", "version")) == versions


def broken_seed(tmp_path, mutate):
    data = json.loads(DEFAULT_SEED.read_text())
    mutate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    return path


def test_malformed_file_writes_nothing_and_names_the_record_and_field(tmp_path):
    def bad_stance(data):
        data["claims"][5]["evidence"][1]["stance"] = "agrees"

    path = broken_seed(tmp_path, bad_stance)
    with pytest.raises(CommandError) as refused:
        load(str(path))
    message = str(refused.value)
    assert "claims[5] (ref 'televised-confession') evidence[1]" in message
    assert "field 'stance'" in message
    assert Claim.objects.count() == 0
    assert Outlet.objects.count() == 0


def test_relies_on_naming_an_unknown_source_is_reported(tmp_path):
    def dangling(data):
        data["claims"][5]["evidence"][1]["relies_on"] = ["no-such-source"]

    with pytest.raises(CommandError, match=r"evidence\[1\]: field 'relies_on'"):
        load(str(broken_seed(tmp_path, dangling)))
    assert Claim.objects.count() == 0


def test_unknown_reference_is_reported(tmp_path):
    def dangling(data):
        data["claims"][0]["claimant"] = "nobody"

    with pytest.raises(
        CommandError,
        match=r"claims\[0\] \(ref 'death-toll-164'\): field 'claimant': no claimant 'nobody'",
    ):
        load(str(broken_seed(tmp_path, dangling)))
    assert Source.objects.count() == 0


def test_invalid_json_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        load(str(path))
