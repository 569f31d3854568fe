use proptest::prelude::*;
use tidings_model::Date;
use tidings_when::{expressions, resolve_sentence, ResolvedDate};

fn render(doc: &str, anchor: Date) -> String {
    let a = ResolvedDate::publication(anchor);
    let mut out = String::new();
    for s in tidings_text::analyze(doc) {
        out.push_str(&format!("# {}\n", &doc[s.span.range()]));
        for e in expressions(doc, &s, Some(&a)) {
            out.push_str(&format!(
                "  {:?} -> {} {:?} end={:?}\n",
                e.phrase.unwrap_or_default(),
                e.date,
                e.precision,
                e.end.map(|d| d.to_string())
            ));
        }
        let ev = resolve_sentence(doc, &s, Some(a.clone()));
        out.push_str(&format!("  event: {:?}\n", ev.map(|r| (r.date.to_string(), r.source))));
    }
    out
}

#[test]
fn snapshot_week() {
    insta::assert_snapshot!(render(include_str!("fixtures/week.txt"), Date::new(2023, 9, 13).unwrap()));
}

fn any_date() -> impl Strategy<Value = Date> {
    (1900i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| Date { year: y, month: m, day: d })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_and_spans_slice(
        doc in "(?:Monday|Tuesday|last|next|week|month|year|ago|in|on|May|Sept\\.|September|[0-9]{1,4}|-|, |\\. |the|day|before|after|yesterday|tomorrow|will|said|that|é| ){0,30}",
        anchor in any_date(),
    ) {
        let a = ResolvedDate::publication(anchor);
        for s in tidings_text::analyze(&doc) {
            for e in expressions(&doc, &s, Some(&a)) {
                let span = e.span.expect("span");
                prop_assert_eq!(doc.get(span.range()), e.phrase.as_deref());
                prop_assert!(Date::new(e.date.year, e.date.month, e.date.day).is_some());
                if let Some(end) = e.end {
                    prop_assert!(end >= e.date);
                }
            }
            let _ = resolve_sentence(&doc, &s, None);
        }
    }

    #[test]
    fn arbitrary_text_does_not_panic(doc in "\\PC{0,100}", other in "\\PC{0,60}", anchor in any_date()) {
        let a = ResolvedDate::publication(anchor);
        for s in tidings_text::analyze(&other) {
            let _ = resolve_sentence(&doc, &s, Some(a.clone()));
        }
        for s in tidings_text::analyze(&doc) {
            let _ = resolve_sentence(&doc, &s, Some(a.clone()));
        }
    }

    #[test]
    fn extreme_anchors_do_not_panic(y in prop_oneof![Just(i32::MIN), Just(i32::MAX), Just(0), Just(-5), Just(9999), Just(10000)], doc in "(?:next|last|year|ago|in|two|years|May|Monday|tomorrow|1999| ){0,12}") {
        let a = ResolvedDate::publication(Date { year: y, month: 12, day: 31 });
        for s in tidings_text::analyze(&doc) {
            let _ = resolve_sentence(&doc, &s, Some(a.clone()));
        }
    }

    #[test]
    fn weekday_rule_holds(anchor in any_date(), wd in 0usize..7, future in any::<bool>()) {
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let doc = if future { format!("Talks will resume on {}.", names[wd]) } else { format!("Talks ended on {}.", names[wd]) };
        let s = &tidings_text::analyze(&doc)[0];
        let r = resolve_sentence(&doc, s, Some(ResolvedDate::publication(anchor))).unwrap();
        prop_assert_eq!(tidings_when::weekday(r.date) as usize, wd);
        let diff = tidings_when::to_days(r.date) - tidings_when::to_days(anchor);
        if future { prop_assert!((0..7).contains(&diff)); } else { prop_assert!((-6..=0).contains(&diff)); }
    }
}
