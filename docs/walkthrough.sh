#!/usr/bin/env bash
# From first login to an accepted report, against a running service:
#   ADMIN_EMAIL=office@bund.example ADMIN_PASSWORD='change-me-long-password' npm start   # in another terminal
#   bash docs/walkthrough.sh
# Creates accounts for Kassel and Darmstadt, records funding, drafts, submits,
# revises and accepts Kassel's report, and shows Darmstadt cannot see it.
set -euo pipefail
API=${API:-http://localhost:3000/api/v1}
ADMIN_EMAIL=${ADMIN_EMAIL:-office@bund.example}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-change-me-long-password}
SUFFIX=${SUFFIX:-$(date +%s)}
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o[k],v))})' "$1"; }
say() { printf '\n== %s\n' "$*"; }

say "1. The officer logs in"
OFFICER=$(curl -sf "$API/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | json accessToken)
curl -sf "$API/me" -H "authorization: Bearer $OFFICER"; echo

say "2. The officer creates municipality accounts for Kassel and Darmstadt"
KASSEL_PROJECT=$(curl -sf "$API/projects/kassel" | json id)
DARMSTADT_PROJECT=$(curl -sf "$API/projects/darmstadt" | json id)
KASSEL_BODY=$(curl -sf "$API/projects/kassel" | json lead.id)
DARMSTADT_BODY=$(curl -sf "$API/projects/darmstadt" | json lead.id)
for who in "kassel:$KASSEL_BODY" "darmstadt:$DARMSTADT_BODY"; do
  curl -sf "$API/users" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
    -d "{\"email\":\"smart-${who%%:*}-$SUFFIX@example.org\",\"password\":\"a-long-password-for-${who%%:*}\",\"role\":\"municipality\",\"bodyId\":${who##*:}}"; echo
done
login() { curl -sf "$API/auth/login" -H 'content-type: application/json' -d "{\"email\":\"smart-$1-$SUFFIX@example.org\",\"password\":\"a-long-password-for-$1\"}" | json accessToken; }
KASSEL=$(login kassel)
DARMSTADT=$(login darmstadt)

say "3. The officer records Kassel's grant commitment (phase B) and a disbursement"
curl -sf "$API/projects/$KASSEL_PROJECT/commitments" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
  -d '{"amountCents":1100000000,"date":"2021-03-15","phase":"B","note":"Zuwendungsbescheid KfW 436"}'; echo
curl -sf "$API/projects/$KASSEL_PROJECT/disbursements" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
  -d '{"amountCents":250000000,"date":"2022-04-01","budgetYear":2022}'; echo
curl -s "$API/projects/$KASSEL_PROJECT/disbursements" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
  -d '{"amountCents":900000000,"date":"2022-05-01","budgetYear":2022}'; echo "   <- more than committed: refused"

say "4. Kassel drafts its report for 2025-H2"
REPORT=$(curl -sf "$API/projects/$KASSEL_PROJECT/reports" -H "authorization: Bearer $KASSEL" -H 'content-type: application/json' \
  -d '{"period":"2025-H2","narrative":"Urban data platform live; sensor roll-out in Bettenhausen.","overallStatus":"at_risk","overallStatusReason":"Procurement of sensors delayed by three months.","milestones":[{"title":"Urban data platform live","plannedDate":"2025-09-30","actualDate":"2025-10-14","status":"done"}],"indicators":[{"name":"Open datasets","unit":"count","baseline":12,"target":60,"actual":41}],"spending":[{"costCategory":"investment","amountCents":184250000}]}' | json id)
echo "report $REPORT"

say "5. Darmstadt cannot see it (404), the officer cannot write it (403)"
curl -s -o /dev/null -w '%{http_code}\n' "$API/reports/$REPORT" -H "authorization: Bearer $DARMSTADT"
curl -s -o /dev/null -w '%{http_code}\n' -X PATCH "$API/reports/$REPORT" -H "authorization: Bearer $OFFICER" -H 'If-Match: 1' -H 'content-type: application/json' -d '{"narrative":"x"}'

say "6. Kassel submits; the officer asks for changes"
curl -sf -X POST "$API/reports/$REPORT/submit" -H "authorization: Bearer $KASSEL" | json status
curl -sf -X POST "$API/reports/$REPORT/review" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
  -d '{"decision":"request_changes","comment":"Please add the sensor procurement milestone with its new date."}' | json status

say "7. Kassel edits with If-Match (a stale If-Match is refused) and resubmits"
VERSION=$(curl -sf "$API/reports/$REPORT" -H "authorization: Bearer $KASSEL" | json version)
curl -sf -X PATCH "$API/reports/$REPORT" -H "authorization: Bearer $KASSEL" -H "If-Match: $VERSION" -H 'content-type: application/json' \
  -d '{"milestones":[{"title":"Urban data platform live","plannedDate":"2025-09-30","actualDate":"2025-10-14","status":"done"},{"title":"Sensors procured","plannedDate":"2026-03-31","status":"delayed"}]}' | json version
curl -s -o /dev/null -w '%{http_code} (stale If-Match)\n' -X PATCH "$API/reports/$REPORT" -H "authorization: Bearer $KASSEL" -H "If-Match: $VERSION" -H 'content-type: application/json' -d '{"narrative":"x"}'
curl -sf -X POST "$API/reports/$REPORT/submit" -H "authorization: Bearer $KASSEL" | json status

say "8. The officer accepts; the versions show what changed between the submissions"
curl -sf -X POST "$API/reports/$REPORT/review" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"decision":"accept"}' | json status
curl -sf "$API/reports/$REPORT/versions" -H "authorization: Bearer $OFFICER"; echo

say "9. Funding summary and the audit trail of the report"
curl -sf "$API/projects/$KASSEL_PROJECT/funding" -H "authorization: Bearer $KASSEL" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const {grantCents,committedCents,disbursedCents,reportedSpendCents,remainingCents}=JSON.parse(s);console.log({grantCents,committedCents,disbursedCents,reportedSpendCents,remainingCents})})'
curl -sf "$API/audit?entityType=report&entityId=$REPORT" -H "authorization: Bearer $OFFICER" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>JSON.parse(s).items.reverse().forEach(e=>console.log(e.occurredAt, e.actorRole, e.actorEmail, e.action))) '
