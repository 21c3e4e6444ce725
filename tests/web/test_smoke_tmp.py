from tests.web.conftest import sign_in


def test_smoke(client, site):
    sign_in(client, "ministry")
    pid = site.country.project_ids["failed"]
    for url in ["/", "/regions/75", f"/projects/{pid}", "/alerts", "/upload", "/login", "/?lang=kk", "/regions/75?lang=en", "/regions/75/projects?status=on_track"]:
        r = client.get(url, headers={"HX-Request": "true"} if "projects?" in url else {})
        open("/tmp/out/" + url.replace("/", "_").replace("?","_") + ".html", "w").write(r.text)
        print(url, r.status_code, len(r.text))
        assert r.status_code == 200, r.text[:3000]
