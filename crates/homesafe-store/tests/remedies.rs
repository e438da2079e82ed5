//! Remedies in the store (requirements R10): a payment above what is outstanding is refused when
//! written, whether the offer, earlier payments, the withdrawal or the credit it depends on were
//! written in the same request or in earlier ones — the store fetches what the check needs — and
//! the ledger read back adds up. Runs on SQLite, and on PostgreSQL when HOMESAFE_TEST_POSTGRES is
//! set.

use homesafe_core::codes::Pence;
use homesafe_core::history::RecordId;
use homesafe_core::history::{Draft, parse_line};
use homesafe_core::remedies::ledger::{Scope, Status};
use homesafe_store::StoreError;
use homesafe_store::testing::TestDb;
use serde_json::{Value, json};

const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn line(id: &str, ty: &str, subject: &str, at: &str, data: Value) -> Draft {
    let v = json!({
        "id": id,
        "type": ty,
        "subject": subject,
        "at": at,
        "actor": {"id": "lq-finance", "role": "staff"},
        "data": data,
    });
    parse_line(1, &v.to_string()).expect("line").into_draft()
}

fn paid(id: &str, subject: &str, on: &str, pence: i64) -> Draft {
    line(
        id,
        "remedy.paid",
        subject,
        on,
        json!({"amount": pence, "paid_on": on, "method": "bank_transfer"}),
    )
}

async fn lq() -> TestDb {
    let db = TestDb::new().await;
    db.store
        .import(
            std::io::Cursor::new(LQ.as_bytes().to_vec()),
            "test-operator",
            &mut |_| {},
        )
        .await
        .expect("import");
    db
}

fn refused(err: StoreError) -> (Option<usize>, String, String) {
    match err {
        StoreError::Invalid {
            line,
            field,
            reason,
        } => (line, field, reason),
        other => panic!("unexpected error {other}"),
    }
}

const GOODWILL: &str = "lq-remedy-s2-contractor-conduct";
const HANDLING: &str = "lq-remedy-s2-escalation-delay";
const AWARD: &str = "lq-remedy-ombudsman-complaint-handling";

#[tokio::test]
async fn an_overpayment_is_refused_against_payments_written_earlier() {
    let db = lq().await;
    let before = db.store.event_count().await.expect("count");
    // £100 now, then £150 in a later request: £250 in all, accepted.
    db.store
        .append(vec![paid("pay-1", GOODWILL, "2022-09-10", 10000)])
        .await
        .expect("a part payment");
    // £200 more is above the £150 left: refused, naming the field, nothing written.
    let (line, field, reason) = refused(
        db.store
            .append(vec![paid("pay-2", GOODWILL, "2022-09-20", 20000)])
            .await
            .expect_err("refused"),
    );
    assert_eq!((line, field.as_str()), (Some(1), "data.amount"));
    assert!(
        reason.contains("£200.00 is more than the £150.00 outstanding"),
        "{reason}"
    );
    assert_eq!(db.store.event_count().await.expect("count"), before + 1);
    // In one request: the first is accepted only with the second's total in view.
    let (line, field, _) = refused(
        db.store
            .append(vec![
                paid("pay-3", GOODWILL, "2022-09-20", 10000),
                paid("pay-4", GOODWILL, "2022-09-21", 6000),
            ])
            .await
            .expect_err("refused"),
    );
    assert_eq!((line, field.as_str()), (Some(2), "data.amount"));
    db.store
        .append(vec![paid("pay-5", GOODWILL, "2022-09-20", 15000)])
        .await
        .expect("the rest");
    let ledger = db
        .store
        .remedies_ledger(
            Scope::Case(RecordId::parse("lq-complaint-2022-03").expect("id")),
            "2022-09-21T00:00:00Z".parse().expect("instant"),
        )
        .await
        .expect("ledger");
    let r = ledger
        .remedies
        .iter()
        .find(|r| r.remedy.as_str() == GOODWILL)
        .expect("row");
    assert_eq!(
        (r.status, r.paid, r.outstanding),
        (Status::Paid, Pence(25000), Pence(0))
    );
    db.drop_db().await;
}

#[tokio::test]
async fn credits_and_withdrawals_written_earlier_are_taken_into_account() {
    let db = lq().await;
    db.store
        .append(vec![paid("pay-1", HANDLING, "2022-09-10", 5000)])
        .await
        .expect("paid");
    db.store
        .append(vec![line(
            "wd-1",
            "remedy.withdrawn",
            HANDLING,
            "2023-10-24",
            json!({"reason": "Included in the Ombudsman's award", "replaced_by": [AWARD]}),
        )])
        .await
        .expect("withdrawn");
    // The withdrawn offer takes no payment.
    let (_, field, reason) = refused(
        db.store
            .append(vec![paid("pay-2", HANDLING, "2023-10-25", 100)])
            .await
            .expect_err("refused"),
    );
    assert_eq!(field, "subject");
    assert!(reason.contains("was replaced by"), "{reason}");
    // A credit of more than was paid on it is refused; the £50 is accepted.
    let credit = |id: &str, pence: i64| {
        line(
            id,
            "remedy.credited",
            AWARD,
            "2023-10-24",
            json!({"from": HANDLING, "amount": pence}),
        )
    };
    let (_, field, _) = refused(
        db.store
            .append(vec![credit("cr-1", 5001)])
            .await
            .expect_err("refused"),
    );
    assert_eq!(field, "data.amount");
    db.store
        .append(vec![credit("cr-2", 5000)])
        .await
        .expect("credited");
    // The same £50 cannot be counted twice, in a later request.
    let (_, field, _) = refused(
        db.store
            .append(vec![credit("cr-3", 100)])
            .await
            .expect_err("refused"),
    );
    assert_eq!(field, "data.amount");
    // The award now has £350 outstanding: £351 is refused, £350 pays it.
    let (_, field, reason) = refused(
        db.store
            .append(vec![paid("pay-3", AWARD, "2023-11-01", 35100)])
            .await
            .expect_err("refused"),
    );
    assert_eq!(field, "data.amount");
    assert!(reason.contains("£350.00 outstanding"), "{reason}");
    // Voiding the payment the credit drew on would leave the credit with no money behind it.
    let void = parse_line(
        1,
        &json!({
            "id": "void-1",
            "type": "entry.voided",
            "subject": HANDLING,
            "at": "2023-11-01",
            "actor": {"id": "lq-finance", "role": "staff"},
            "corrects": "pay-1",
            "reason": "Entered in error",
            "data": {},
        })
        .to_string(),
    )
    .expect("line")
    .into_draft();
    let (_, field, _) = refused(db.store.append(vec![void]).await.expect_err("refused"));
    assert_eq!(field, "corrects");
    db.store
        .append(vec![paid("pay-4", AWARD, "2023-11-01", 35000)])
        .await
        .expect("paid");
    let ledger = db
        .store
        .remedies_ledger(
            Scope::Household(RecordId::parse("lq-tenancy").expect("id")),
            "2023-11-02T00:00:00Z".parse().expect("instant"),
        )
        .await
        .expect("ledger");
    let award = ledger
        .remedies
        .iter()
        .find(|r| r.remedy.as_str() == AWARD)
        .expect("row");
    assert_eq!(
        (award.status, award.paid, award.credited, award.outstanding),
        (Status::Paid, Pence(35000), Pence(5000), Pence(0))
    );
    assert_eq!(ledger.totals.paid, Pence(40000), "cash counted once");
    assert_eq!(ledger.totals.standing, Pence(150_000));
    db.drop_db().await;
}

#[tokio::test]
async fn the_ledger_refuses_a_scope_of_the_wrong_kind() {
    let db = lq().await;
    let at = "2023-11-02T00:00:00Z".parse().expect("instant");
    let id = |s: &str| RecordId::parse(s).expect("id");
    for scope in [
        Scope::Case(id("lq-tenancy")),
        Scope::Household(id("lq-complaint-2022-03")),
        Scope::Property(id("nope")),
    ] {
        match db.store.remedies_ledger(scope.clone(), at).await {
            Err(StoreError::NotFound(why)) => assert!(why.starts_with("no "), "{why}"),
            other => panic!("{scope:?}: {other:?}"),
        }
    }
    db.drop_db().await;
}
