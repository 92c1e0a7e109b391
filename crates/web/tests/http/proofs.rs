//! Identity proofs on the public form and the API: checked by content and size before anything
//! is written, seen only by the agency's staff (audited), never on a public page.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::TestApp;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A multipart body of text fields and `proof` files.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "gongkaiproofboundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"proof\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn person(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("key", key.to_owned()),
        ("kind", "natural_person".into()),
        ("name", "王小明".into()),
        ("id_type", "resident_id".into()),
        ("id_number", "11010519491231002X".into()),
        ("phone", "13800138000".into()),
        ("description", "2024年本机关行政许可决定清单".into()),
        ("info_form", "electronic".into()),
        ("delivery", "online".into()),
        ("consent", "on".into()),
    ]
}

both_backends!(
    identity_proofs_are_checked_and_kept_from_the_public,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let form = format!("/ysqgk/{}", app.a.agency_id);
        let fields = person("PROOFKEY000000000000000001");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // A program renamed .png is refused by its content, and nothing is written.
        let (ct, body) = multipart(
            &fields,
            &[("身份证.png", b"MZ\x90\0\x03\0\0\0not a picture")],
        );
        let r = app.send("POST", &form, None, Some(&ct), body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("“身份证.png”"), "{}", r.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
        // Four files are one too many.
        let four = [
            ("a.png", PNG),
            ("b.png", PNG),
            ("c.png", PNG),
            ("d.png", PNG),
        ];
        let (ct, body) = multipart(&fields, &four);
        let r = app.send("POST", &form, None, Some(&ct), body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("最多上传 3 个文件"));
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
        // A photo of the ID card: accepted with the application.
        let (ct, body) = multipart(&fields, &[("身份证.png", PNG)]);
        let r = app.send("POST", &form, None, Some(&ct), body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("id=\"query-code\""));
        assert_eq!(app.count("SELECT COUNT(*) FROM application_files").await, 1);
        let id = app.count("SELECT MAX(id) FROM applications").await;
        let file = app.count("SELECT MAX(id) FROM application_files").await;
        // The agency's handler sees and downloads it; the download is audited.
        let handler = app.login("a2-handler").await;
        let r = app
            .get(&format!("/console/applications/{id}"), Some(&handler))
            .await;
        assert!(r.body.contains("身份证.png"));
        let path = format!("/console/applications/{id}/files/{file}");
        let r = app.get(&path, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert_eq!(
            r.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("image/png")
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.file'")
                .await,
            1
        );
        // Nobody else: other agencies, the agency's editor, visitors.
        for user in ["a3-handler", "a2-editor"] {
            let token = app.login(user).await;
            assert_eq!(
                app.get(&path, Some(&token)).await.status,
                StatusCode::FORBIDDEN,
                "{user}"
            );
        }
        assert!(app.get(&path, None).await.status.is_redirection());
        // The API takes proofs as base64, with the same checks.
        let submit = |key: &str, content: &str| {
            json!({
                "agency_id": app.a.agency_id, "consent": true, "submission_key": key,
                "kind": "natural_person", "name": "王小明", "id_type": "resident_id",
                "id_number": "11010519491231002X", "phone": "13800138000",
                "description": "所需信息", "info_form": "electronic", "delivery": "online",
                "proofs": [{"file_name": "证件.png", "content_base64": content}]
            })
        };
        use base64::Engine;
        let good = base64::engine::general_purpose::STANDARD.encode(PNG);
        let r = app
            .json(
                "POST",
                "/api/v1/applications/submit",
                None,
                &submit("PROOFKEY000000000000000002", "%%%"),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Base64"), "{}", r.body);
        let r = app
            .json(
                "POST",
                "/api/v1/applications/submit",
                None,
                &submit("PROOFKEY000000000000000003", &good),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM application_files").await, 2);
    }
);
