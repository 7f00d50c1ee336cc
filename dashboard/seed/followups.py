"""Demo follow-up surveys: INVENTED answers, so the outcome views have something to show.

The programme's documents give no outcome figures. These surveys are drawn so that scores rise
from round to round, more for returnees who received assistance, differ by district, and, in
some districts, dip in the psychosocial dimension between the 6- and 12-month rounds (the kind
of pattern the views are there to find). Nothing here is a finding.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from dashboard.core import outcomes
from dashboard.core.filters import PROGRAMME_END

# Share of returnees surveyed at all, and the rounds (months after return) they are asked in.
SURVEYED_SHARE = 0.45
ROUNDS = (0, 3, 6, 12)
# Each later round is missed by this share of those still followed (people move, phones change).
ATTRITION = 0.12
END = np.datetime64(PROGRAMME_END, "D")


def generate_followups(seed: int, returnees: pd.DataFrame, assistance: pd.DataFrame,
                       scheme: outcomes.Scheme) -> pd.DataFrame:
    """Follow-up rows (table ``followups``) for a share of ``returnees`` (the seeder's frames,
    ids 1..n in order). Uses its own random stream, so adding surveys changes no other demo row."""
    rng = np.random.default_rng([seed, 29])
    people = len(returnees)
    ids = np.arange(1, people + 1)
    returned = returnees["return_date"].to_numpy(dtype="datetime64[D]")
    surveyed = rng.random(people) < SURVEYED_SHARE
    received = assistance[assistance["outcome"] == "received"].groupby("returnee_id").size()
    helped = np.minimum(received.reindex(ids, fill_value=0).to_numpy(), 3) / 3  # 0..1
    districts = returnees["district_pcode"].to_numpy()
    # A district's own level and its psychosocial dip, fixed per district code (not per draw).
    codes = sorted(set(districts))
    level = dict(zip(codes, rng.normal(0.0, 0.07, len(codes)), strict=True))
    dip = dict(zip(codes, rng.random(len(codes)) < 0.3, strict=True))
    base = 0.32 + np.vectorize(level.get)(districts) + rng.normal(0.0, 0.08, people)
    dips = np.vectorize(dip.get)(districts)
    frames = []
    still = surveyed.copy()
    for months in ROUNDS:
        if months:
            still &= rng.random(people) >= ATTRITION
        day = returned + np.timedelta64(months * 30 + 20, "D")
        who = np.flatnonzero(still & (day <= END))
        if not len(who):
            continue
        progress = months / 12
        growth = progress * (0.12 + 0.25 * helped[who])
        latent = {
            "economic": base[who] + growth + rng.normal(0, 0.05, len(who)),
            "social": base[who] + 0.08 + 0.8 * growth + rng.normal(0, 0.05, len(who)),
            "psychosocial": base[who] + 0.05 + 0.6 * growth - np.where(dips[who] & (months == 12), 0.18, 0.0)
            + rng.normal(0, 0.05, len(who)),
        }
        answers: dict[str, np.ndarray] = {}
        for indicator in scheme.indicators:
            value = np.clip(latent[indicator.dimension] + rng.normal(0, 0.12, len(who)), 0, 1)
            if not indicator.higher_is_better:
                value = 1 - value
            coded = indicator.lowest + np.rint(value * (indicator.highest - indicator.lowest))
            skipped = rng.random(len(who)) < 0.03  # a few questions left unanswered
            answers[indicator.key] = np.where(skipped, np.nan, coded)
        scores = outcomes.score_table(answers, scheme)
        frames.append(pd.DataFrame({
            "returnee_id": ids[who], "round_months": months, "surveyed_on": pd.to_datetime(pd.Series(day[who])),
            "answers": [json.dumps({k: int(a[i]) for k, a in answers.items() if not np.isnan(a[i])})
                        for i in range(len(who))],
            **{name: scores[name] for name in ("economic", "social", "psychosocial", "composite")},
            "scored_with": scheme.fingerprint}))
    if not frames:
        return pd.DataFrame(columns=["returnee_id", "round_months"])
    out = pd.concat(frames, ignore_index=True).sort_values(["returnee_id", "round_months"], ignore_index=True)
    out.insert(0, "id", np.arange(1, len(out) + 1))
    return out
