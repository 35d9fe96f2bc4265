using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SqmSite.Cms.Delivery;
using SqmSite.Cms.Web;

namespace SqmSite.Awards.Delivery;

/// <summary>The awards part of the headless delivery API (the host adds the API itself with <c>AddSqmDelivery()</c>).</summary>
internal static class AwardsDeliveryRegistration
{
    public static IServiceCollection AddAwardsDeliveryWeb(this IServiceCollection services)
    {
        services.Configure<DeliveryApiExamples>(AddExamples);
        return services.AddEndpointModule<AwardsDeliveryApi>();
    }

    /// <summary>Example answers and parameter values of the awards endpoints, for the OpenAPI document.</summary>
    private static void AddExamples(DeliveryApiExamples e) => e
        .ForType<AwardsDeliveryDocs.AwardCycle>("""
            {
              "id": "3b241101-e2bb-4255-8caf-4136c566a962", "name": "CX Best Practice Awards 2027", "year": 2027, "ratingsYears": [2025, 2026],
              "timeZone": "America/New_York", "timeZoneName": "Eastern Time", "openStep": "application",
              "nextMilestone": { "label": "Applications close", "date": "2027-03-31T23:59:00-04:00", "daysAway": 12 },
              "steps": [
                {
                  "number": 1, "kind": "application", "title": "Apply", "state": "open",
                  "start": "2027-01-15T00:00:00-05:00", "end": "2027-04-01T00:00:00-04:00",
                  "dates": [
                    { "label": "Opens", "date": "2027-01-15T00:00:00-05:00", "until": null },
                    { "label": "Closes", "date": "2027-03-31T23:59:00-04:00", "until": null }
                  ]
                }
              ],
              "gala": { "start": "2027-10-14T18:00:00-04:00", "end": "2027-10-14T23:00:00-04:00", "state": "upcoming" },
              "categories": "/api/delivery/v1/awards/categories?year=2027"
            }
            """)
        .ForType<AwardsDeliveryDocs.CategoryList>("""
            {
              "year": 2027, "total": 1,
              "items": [{
                "id": "6fa459ea-ee8a-3ca4-894e-db77e160355e", "contentType": "categoryPage", "name": "IVR Self-Service",
                "createDate": "2026-12-01T10:00:00Z", "updateDate": "2026-12-01T10:00:00Z",
                "route": { "path": "/categories/ivr-self-service/", "startItem": { "id": "5d1b3b42-8b0a-4c3e-9d1f-2f6f6b9a7c11", "path": "home" } },
                "properties": { "summary": "Self-service that lets customers finish what they called for.", "kind": "practice" }
              }]
            }
            """)
        .ForType<AwardsDeliveryDocs.WinnerList>("""
            {
              "total": 1,
              "items": [{
                "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "year": 2025,
                "category": { "id": "6fa459ea-ee8a-3ca4-894e-db77e160355e", "name": "IVR Self-Service" },
                "organization": "Northwind Energy", "headline": "Northwind Energy: self-service containment from 38% to 61%",
                "summary": "A rebuilt IVR that lets customers finish what they called for.",
                "route": { "path": "/past-winners/2025/northwind-energy-ivr-self-service/", "startItem": { "id": "5d1b3b42-8b0a-4c3e-9d1f-2f6f6b9a7c11", "path": "home" } },
                "logo": null,
                "results": [{ "year": 2023, "fcr": 71, "csat": 84 }, { "year": 2024, "fcr": 76, "csat": 88 }]
              }]
            }
            """)
        .ForParameter("year", "2025")
        .ForParameter("category", JsonValue.Create("IVR Self-Service"));
}
