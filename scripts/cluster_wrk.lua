-- wrk script for scripts/cluster.sh: anonymous readers going round the public pages through nginx.
-- scripts/cluster_journey.py checks first that each path answers 200, so any non-2xx under load is an error.
paths = {
    "/",
    "/returning-to-practice/",
    "/returning-to-practice/funding-england/",
    "/news/",
    "/news/hcpc-fees-what-you-pay-now/",
    "/case-studies/",
    "/search/?q=HCPC",
}
counter = 0

request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
end
